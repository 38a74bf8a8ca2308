package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.RenderException;

import static org.lwjgl.opengl.GL20.*;

/**
 * The environment-map scene's two programs, each in an equirectangular and a cube variant: the background (a
 * full-screen triangle that looks the panorama up along each pixel's view ray) and the chrome sphere (the mirror
 * reflection of the same map). Both pick the map's mip level from how far the looked-up direction moves between
 * neighbouring pixels, so a 4K panorama does not shimmer in a 256-pixel frame; the sphere never goes below the level
 * of its roughness blur. Shading is in linear light; {@code display} compresses highlights and encodes sRGB.
 */
final class EnvironmentShaders {
  static final int BACKGROUND = 0, SPHERE = 1;

  private static final String COMMON = """
      uniform sampler2D uEquirect;
      uniform samplerCube uCube;
      uniform float uTexelAngle;
      uniform float uMaxLod;
      out vec4 fragColor;
      const float PI = 3.14159265358979;
      // linear values up to KNEE are kept; above it they approach 1 along an exponential shoulder instead of clipping
      const float KNEE = 0.8;

      vec3 envAt(vec3 d, float lod) {
      #ifdef CUBE
        return textureLod(uCube, vec3(-d.x, d.y, d.z), lod).rgb;   // cube maps are left-handed: mirror x
      #else
        vec2 uv = vec2(atan(d.z, d.x) / (2.0 * PI) + 0.5, 0.5 - asin(clamp(d.y, -1.0, 1.0)) / PI);
        return textureLod(uEquirect, uv, lod).rgb;
      #endif
      }

      float lodFor(float angle) {
        return clamp(log2(max(angle, 1e-6) / uTexelAngle), 0.0, uMaxLod);
      }

      vec3 display(vec3 linear) {
        vec3 over = max(linear - KNEE, 0.0);
        vec3 c = min(linear, vec3(KNEE)) + (1.0 - KNEE) * (1.0 - exp(-over / (1.0 - KNEE)));
        return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
      }
      """;

  private static final String BACKGROUND_VERTEX = """
      const vec2 CORNERS[3] = vec2[3](vec2(-1.0, -1.0), vec2(3.0, -1.0), vec2(-1.0, 3.0));
      out vec2 vNdc;
      void main() {
        vNdc = CORNERS[gl_VertexID];
        gl_Position = vec4(vNdc, 1.0, 1.0);
      }
      """;

  private static final String BACKGROUND_FRAGMENT = """
      in vec2 vNdc;
      uniform vec3 uRight;
      uniform vec3 uUp;
      uniform vec3 uForward;
      uniform vec2 uTan;
      void main() {
        vec3 d = normalize(uForward + vNdc.x * uTan.x * uRight + vNdc.y * uTan.y * uUp);
        float footprint = max(length(dFdx(d)), length(dFdy(d)));
        fragColor = vec4(display(envAt(d, lodFor(footprint))), 1.0);
      }
      """;

  private static final String SPHERE_VERTEX = """
      layout(location = 0) in vec3 aPos;
      uniform mat4 uViewProj;
      uniform float uRadius;
      out vec3 vNormal;
      out vec3 vWorld;
      void main() {
        vNormal = aPos;
        vWorld = aPos * uRadius;
        gl_Position = uViewProj * vec4(vWorld, 1.0);
      }
      """;

  private static final String SPHERE_FRAGMENT = """
      in vec3 vNormal;
      in vec3 vWorld;
      uniform vec3 uEye;
      uniform float uBlurAngle;
      uniform float uIntensity;
      void main() {
        vec3 r = reflect(normalize(vWorld - uEye), normalize(vNormal));
        float footprint = max(length(dFdx(r)), length(dFdy(r)));
        fragColor = vec4(display(envAt(r, lodFor(max(footprint, uBlurAngle))) * uIntensity), 1.0);
      }
      """;

  private EnvironmentShaders() {}

  /** Compiles and links one program: {@link #BACKGROUND} or {@link #SPHERE}, for a cube map or an equirectangular one. */
  static int program(int which, boolean cube) {
    String head = "#version 330 core\n" + (cube ? "#define CUBE\n" : "");
    int vs = compile(GL_VERTEX_SHADER, head + (which == SPHERE ? SPHERE_VERTEX : BACKGROUND_VERTEX));
    int fs = compile(GL_FRAGMENT_SHADER, head + COMMON + (which == SPHERE ? SPHERE_FRAGMENT : BACKGROUND_FRAGMENT));
    int p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    if (glGetProgrami(p, GL_LINK_STATUS) == GL_FALSE) {
      String log = glGetProgramInfoLog(p);
      glDeleteProgram(p);
      throw new RenderException(RenderException.NO_GL, "environment shader did not link: " + log);
    }
    glUseProgram(p);
    glUniform1i(glGetUniformLocation(p, "uEquirect"), 0);
    glUniform1i(glGetUniformLocation(p, "uCube"), 1);
    glUseProgram(0);
    return p;
  }

  private static int compile(int type, String src) {
    int s = glCreateShader(type);
    glShaderSource(s, src);
    glCompileShader(s);
    if (glGetShaderi(s, GL_COMPILE_STATUS) == GL_FALSE) {
      String log = glGetShaderInfoLog(s);
      glDeleteShader(s);
      throw new RenderException(RenderException.NO_GL, "environment shader did not compile: " + log);
    }
    return s;
  }
}
