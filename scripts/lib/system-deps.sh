# Sourced by the project's scripts. Makes sure the system packages the project needs are present:
# a JDK 17+ and Maven to build, and Mesa's EGL/OpenGL stack (libegl1, libegl-mesa0, libgl1-mesa-dri) to render
# headless on the CPU (llvmpipe) when no GPU driver is installed.
# As root they are installed with apt; otherwise the exact apt command is printed and the script stops.

# usage: require_packages "why" pkg...
require_packages() {
  local why=$1; shift
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing ${missing[*]} ($why), and this is not a Debian/Ubuntu system: install the equivalent packages" >&2
    exit 1
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "error: missing ${missing[*]} ($why). Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} ($why)..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

require_build_tools() {
  command -v java >/dev/null 2>&1 && java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])' \
    || require_packages "Java 17+ to build and run" openjdk-17-jdk-headless
  command -v mvn >/dev/null 2>&1 || require_packages "Maven to build" maven
}

require_render_libs() {
  if command -v dpkg-query >/dev/null 2>&1; then
    require_packages "headless OpenGL through EGL (Mesa llvmpipe)" libegl1 libegl-mesa0 libgl1-mesa-dri
  elif ! ldconfig -p 2>/dev/null | grep -q 'libEGL.so.1'; then
    echo "error: libEGL.so.1 not found: install Mesa's EGL and DRI packages (Debian: libegl1 libegl-mesa0 libgl1-mesa-dri)" >&2
    exit 1
  fi
}
