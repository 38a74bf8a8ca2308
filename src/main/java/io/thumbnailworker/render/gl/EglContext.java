package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.NativeLibraries;
import io.thumbnailworker.render.RenderException;
import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.egl.EXTDeviceEnumeration;
import org.lwjgl.egl.EXTDeviceQuery;
import org.lwjgl.egl.EXTPlatformBase;
import org.lwjgl.egl.EXTPlatformDevice;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.APIUtil;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.FunctionProvider;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.system.SharedLibrary;

import java.nio.IntBuffer;

import static org.lwjgl.egl.EGL10.*;
import static org.lwjgl.egl.EGL12.EGL_RENDERABLE_TYPE;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_API;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_BIT;
import static org.lwjgl.egl.EGL14.eglBindAPI;
import static org.lwjgl.egl.EGL15.*;
import static org.lwjgl.opengl.GL11.GL_RENDERER;
import static org.lwjgl.opengl.GL11.GL_VENDOR;
import static org.lwjgl.opengl.GL11.GL_VERSION;
import static org.lwjgl.opengl.GL11.glGetString;

/**
 * A headless OpenGL 3.3 core context through EGL, with no window and no X server, current on the thread that
 * created it for its whole life. Display choice ({@code RENDER_EGL_DEVICE}): {@code auto} takes the first EGL device
 * that is not Mesa's software device (a real GPU) and otherwise Mesa's surfaceless platform (llvmpipe);
 * {@code surfaceless} forces the latter; a number picks that EGL device.
 */
public final class EglContext implements AutoCloseable {
  private static final int EGL_PLATFORM_SURFACELESS_MESA = 0x31DD;
  private static final String INSTALL_HINT = "install EGL and Mesa's drivers (Debian/Ubuntu: apt-get install libegl1 libgl1-mesa-dri libegl-mesa0; "
      + "with an NVIDIA GPU the driver's EGL libraries must be present)";
  private static boolean glLoaded;
  private static boolean eglLoaded;

  private final long display;
  private final long context;
  private final String vendor;
  private final String renderer;
  private final String version;
  private final Thread owner;

  private EglContext(long display, long context) {
    this.display = display;
    this.context = context;
    this.vendor = glGetString(GL_VENDOR);
    this.renderer = glGetString(GL_RENDERER);
    this.version = glGetString(GL_VERSION);
    this.owner = Thread.currentThread();
  }

  /** Creates the context and makes it current on the calling thread. */
  public static EglContext create(String device) {
    long dpy;
    try {
      NativeLibraries.prepare();
      loadEgl();
      Configuration.OPENGL_EXPLICIT_INIT.set(true);
      dpy = openDisplay(device == null ? "auto" : device.trim());
    } catch (RenderException e) {
      throw e;
    } catch (Throwable e) {   // UnsatisfiedLinkError when libEGL is missing
      throw new RenderException(RenderException.NO_GL, "EGL is not available (" + e.getMessage() + "); " + INSTALL_HINT);
    }
    try (MemoryStack s = MemoryStack.stackPush()) {
      IntBuffer major = s.mallocInt(1), minor = s.mallocInt(1);
      if (!eglInitialize(dpy, major, minor)) {
        throw new RenderException(RenderException.NO_GL, "eglInitialize failed (EGL error 0x" + Integer.toHexString(eglGetError()) + "); " + INSTALL_HINT);
      }
      if (!eglBindAPI(EGL_OPENGL_API)) throw new RenderException(RenderException.NO_GL, "this EGL has no desktop OpenGL API; " + INSTALL_HINT);
      IntBuffer cfgAttr = s.ints(EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
          EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8, EGL_NONE);
      PointerBuffer cfg = s.mallocPointer(1);
      IntBuffer count = s.mallocInt(1);
      if (!eglChooseConfig(dpy, cfgAttr, cfg, count) || count.get(0) == 0) {
        eglTerminate(dpy);
        throw new RenderException(RenderException.NO_GL, "no EGL config with OpenGL and RGBA8 (EGL error 0x" + Integer.toHexString(eglGetError()) + ")");
      }
      IntBuffer ctxAttr = s.ints(EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
          EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE);
      long ctx = eglCreateContext(dpy, cfg.get(0), EGL_NO_CONTEXT, ctxAttr);
      if (ctx == EGL_NO_CONTEXT) {
        eglTerminate(dpy);
        throw new RenderException(RenderException.NO_GL, "could not create an OpenGL 3.3 core context (EGL error 0x" + Integer.toHexString(eglGetError()) + ")");
      }
      if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
        eglDestroyContext(dpy, ctx);
        eglTerminate(dpy);
        throw new RenderException(RenderException.NO_GL, "eglMakeCurrent without a surface failed (EGL error 0x" + Integer.toHexString(eglGetError()) + ")");
      }
      loadGl();
      GL.createCapabilities();
      return new EglContext(dpy, ctx);
    }
  }

  /**
   * Loads libEGL with a plain dlopen. LWJGL's own loading of a system library looks up the loaded file's path with
   * dl_iterate_phdr and calls dlopen inside its callback, which glibc deadlocks against a dlopen on another thread
   * (seen here: a cold {@code render} hung while the import thread loaded libassimp).
   */
  private static synchronized void loadEgl() {
    if (eglLoaded) return;
    Configuration.EGL_EXPLICIT_INIT.set(true);
    String configured = Configuration.EGL_LIBRARY_NAME.get();
    UnsatisfiedLinkError failure = null;
    for (String name : configured != null ? new String[] {configured} : new String[] {"libEGL.so.1", "libEGL.so"}) {
      try {
        SharedLibrary lib = APIUtil.apiCreateLibrary(name);
        long getProcAddress = lib.getFunctionAddress("eglGetProcAddress");
        // as LWJGL resolves EGL functions: extensions through eglGetProcAddress, the rest from the library's symbols
        EGL.create((FunctionProvider) functionName -> {
          long address = getProcAddress == 0 ? 0 : JNI.callPP(MemoryUtil.memAddress(functionName), getProcAddress);
          return address != 0 ? address : lib.getFunctionAddress(functionName);
        });
        eglLoaded = true;
        return;
      } catch (UnsatisfiedLinkError e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static synchronized void loadGl() {
    if (!glLoaded) {
      GL.create(EGL.getFunctionProvider());
      glLoaded = true;
    }
  }

  private static long openDisplay(String device) {
    String clientExt = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    if (clientExt == null) clientExt = "";
    long getPlatformDisplay = EGL.getCapabilities().eglGetPlatformDisplayEXT;
    boolean devices = clientExt.contains("EGL_EXT_device_enumeration") && clientExt.contains("EGL_EXT_platform_device");
    if (!device.equals("surfaceless") && devices) {
      try (MemoryStack s = MemoryStack.stackPush()) {
        IntBuffer n = s.mallocInt(1);
        EXTDeviceEnumeration.eglQueryDevicesEXT(null, n);
        PointerBuffer list = s.mallocPointer(Math.max(1, n.get(0)));
        EXTDeviceEnumeration.eglQueryDevicesEXT(list, n);
        int count = n.get(0);
        if (device.matches("\\d+")) {
          int i = Integer.parseInt(device);
          if (i >= count) throw new RenderException(RenderException.NO_GL, "RENDER_EGL_DEVICE " + i + " does not exist (" + count + " EGL devices)");
          long dpy = EXTPlatformBase.eglGetPlatformDisplayEXT(EXTPlatformDevice.EGL_PLATFORM_DEVICE_EXT, list.get(i), (IntBuffer) null);
          if (dpy != EGL_NO_DISPLAY) return dpy;
          throw new RenderException(RenderException.NO_GL, "EGL device " + i + " has no display (EGL error 0x" + Integer.toHexString(eglGetError()) + ")");
        }
        for (int i = 0; i < count; i++) {
          String ext = EXTDeviceQuery.eglQueryDeviceStringEXT(list.get(i), EGL_EXTENSIONS);
          if (ext != null && !ext.contains("EGL_MESA_device_software")) {
            long dpy = EXTPlatformBase.eglGetPlatformDisplayEXT(EXTPlatformDevice.EGL_PLATFORM_DEVICE_EXT, list.get(i), (IntBuffer) null);
            if (dpy != EGL_NO_DISPLAY) {
              try (MemoryStack s2 = MemoryStack.stackPush()) {
                IntBuffer a = s2.mallocInt(1), b = s2.mallocInt(1);
                if (eglInitialize(dpy, a, b)) return dpy;
              }
            }
          }
        }
      }
    } else if (device.matches("\\d+")) {
      throw new RenderException(RenderException.NO_GL, "RENDER_EGL_DEVICE " + device + " was asked for but this EGL cannot enumerate devices");
    }
    if (clientExt.contains("EGL_MESA_platform_surfaceless") && getPlatformDisplay != 0) {
      // LWJGL's wrapper rejects native_display == 0, but surfaceless needs exactly EGL_DEFAULT_DISPLAY: call the pointer
      long dpy = JNI.callPPP(EGL_PLATFORM_SURFACELESS_MESA, 0L, 0L, getPlatformDisplay);
      if (dpy != EGL_NO_DISPLAY) return dpy;
    }
    throw new RenderException(RenderException.NO_GL, "no headless EGL display (no GPU device and no Mesa surfaceless platform); " + INSTALL_HINT);
  }

  public String vendor() { return vendor; }
  public String renderer() { return renderer; }
  public String version() { return version; }

  @Override
  public void close() {
    if (Thread.currentThread() != owner) throw new IllegalStateException("the GL context must be closed on its own thread");
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(display, context);
    eglReleaseThread();
    GL.setCapabilities(null);
  }
}
