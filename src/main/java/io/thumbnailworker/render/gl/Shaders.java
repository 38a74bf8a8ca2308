package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.RenderException;

import static org.lwjgl.opengl.GL20.*;

/**
 * The shader programs: metallic-roughness PBR (GGX) with key, fill and rim lights fixed relative to the camera (the key
 * from the upper left close to the view direction and the fill from the right, so faces turned to the camera are lit
 * even seen from above, and a surface facing the default camera comes out close to its own colour), a
 * hemisphere ambient so unlit sides and metals are not black, base colour from factor x texture x vertex colour,
 * optional normal map (tangent frame from screen-space derivatives, so no tangent attribute is needed), optional
 * surface map (R ambient occlusion of the ambient light, G roughness, B metalness, A opacity), optional emissive map,
 * a tone curve that is linear up to 0.6 and rolls off softly above (a filmic curve such as ACES shifts the hue of
 * saturated mid-tones: a bright orange came out brown) and sRGB output. Texture coordinates are scaled and offset per material (a texture set's
 * tiling). Non-glTF materials come in with metallic 0 and a medium roughness: plain diffuse with a soft highlight.
 * See-through materials ({@link #BLEND}) write their alpha and are blended; cut-out ones ({@link #MASK}) discard what
 * is below their alpha cutoff; every other variant writes alpha 1.
 *
 * <p>On llvmpipe the fragment shader is most of a job's CPU time, so it is kept lean: one program variant per feature
 * set ({@link #BASE_TEX}, {@link #NORMAL_TEX}, {@link #VERTEX_COLOR}, {@link #SURFACE_TEX}, {@link #EMISSIVE_TEX},
 * {@link #BLEND}, {@link #MASK}) instead of runtime branches; no {@code pow}
 * per pixel (Schlick's fifth power multiplied out, sRGB decoding of texels and vertex colours a cubic fit, of the base
 * factor done on the CPU, the sRGB encoding a three-square-root fit); per-material constants as uniforms. Colour
 * textures are plain RGBA8, decoded after filtering: an sRGB texture format makes llvmpipe decode all eight texels of a
 * trilinear fetch. An sRGB framebuffer would do the final encoding too, but costs more than the fit.
 */
final class Shaders {
  static final int BASE_TEX = 1, NORMAL_TEX = 2, VERTEX_COLOR = 4, SURFACE_TEX = 8, EMISSIVE_TEX = 16, BLEND = 32, MASK = 64;
  static final int VARIANTS = 128;
  private static final String[] DEFINES = {"BASE_TEX", "NORMAL_TEX", "VERTEX_COLOR", "SURFACE_TEX", "EMISSIVE_TEX", "BLEND", "MASK"};

  static final String VERTEX = """
      layout(location = 0) in vec3 aPos;
      layout(location = 1) in vec3 aNormal;
      layout(location = 2) in vec2 aUv;
      layout(location = 3) in vec4 aColor;
      uniform mat4 uModel;
      uniform mat4 uView;
      uniform mat4 uProj;
      uniform vec4 uUvTransform;   // scale u, scale v, offset u, offset v
      out vec3 vPos;
      out vec3 vNormal;
      out vec2 vUv;
      out vec3 vColor;
      void main() {
        vec4 view = uView * (uModel * vec4(aPos, 1.0));
        vPos = view.xyz;
        vNormal = mat3(uView) * aNormal;   // uModel is a uniform scale: no inverse-transpose needed
        vUv = aUv * uUvTransform.xy + uUvTransform.zw;
      #ifdef VERTEX_COLOR
        vColor = clamp(aColor.rgb, 0.0, 1.0);   // sRGB: interpolated as such, decoded per pixel
      #else
        vColor = vec3(1.0);
      #endif
        gl_Position = uProj * view;
      }
      """;

  static final String FRAGMENT = """
      in vec3 vPos;
      in vec3 vNormal;
      in vec2 vUv;
      in vec3 vColor;
      uniform vec4 uBaseColor;     // linear, and alpha
      uniform float uMetallic;
      uniform vec4 uRough;         // GGX a^2, Smith k, 1 - roughness, ambient specular scale
      uniform float uRoughness;    // what the surface map's roughness multiplies
      uniform vec3 uEmissive;
      uniform float uAlphaCutoff;
      uniform sampler2D uBaseTex;
      uniform sampler2D uNormalTex;
      uniform sampler2D uSurfaceTex;
      uniform sampler2D uEmissiveTex;
      out vec4 fragColor;
      const float INV_PI = 0.31830989;
      // tone mapping: linear below 0.6, so lit colours come out as themselves, then a rational shoulder towards 1
      vec3 tone(vec3 x) { vec3 t = max(x - 0.6, 0.0) * 2.5; return min(x, vec3(0.6)) + 0.4 * t / (1.0 + t); }
      vec3 hemi(float y) { return mix(vec3(0.20, 0.19, 0.18), vec3(0.62, 0.66, 0.72), 0.5 + 0.5 * y); }
      float pow5(float x) { float x2 = x * x; return x2 * x2 * x; }
      // sRGB to linear within 0.5 % (Taylor's cubic fit)
      vec3 toLinear(vec3 c) { return c * (c * (c * 0.305306011 + 0.682171111) + 0.012522878); }
      // linear to sRGB within 0.5 %, from square roots only (pow costs an exp2 and a log2 per channel here)
      vec3 toSrgb(vec3 x) {
        vec3 s1 = sqrt(x), s2 = sqrt(s1), s3 = sqrt(s2);
        return clamp(0.662002687 * s1 + 0.684122060 * s2 - 0.323583601 * s3 - 0.0225411470 * x, 0.0, 1.0);
      }
      #ifdef NORMAL_TEX
      mat3 cotangentFrame(vec3 N, vec3 p, vec2 uv) {
        vec3 dp1 = dFdx(p), dp2 = dFdy(p);
        vec2 duv1 = dFdx(uv), duv2 = dFdy(uv);
        vec3 dp2perp = cross(dp2, N), dp1perp = cross(N, dp1);
        vec3 T = dp2perp * duv1.x + dp1perp * duv2.x;
        vec3 B = dp2perp * duv1.y + dp1perp * duv2.y;
        float m = max(max(dot(T, T), dot(B, B)), 1e-20);
        float inv = inversesqrt(m);
        return mat3(T * inv, B * inv, N);
      }
      #endif
      // per-material roughness terms: GGX a^2, Smith k, 1 - roughness, ambient specular scale
      vec4 roughTerms(float r) { float a = r * r; return vec4(a * a, a * 0.5, 1.0 - r, 1.0 - 0.65 * r); }
      vec3 light(vec3 N, vec3 V, float NdV, vec3 L, vec3 radiance, vec3 diffuse, vec3 f0, vec4 rough) {
        float NdL = max(dot(N, L), 0.0);
        vec3 H = normalize(V + L);
        float NdH = max(dot(N, H), 0.0), VdH = max(dot(V, H), 0.0);
        vec3 F = f0 + (1.0 - f0) * pow5(1.0 - VdH);
        float a2 = rough.x, k = rough.y;
        float d = NdH * NdH * (a2 - 1.0) + 1.0;
        float specular = a2 * INV_PI * 0.25 / (d * d * (NdV * (1.0 - k) + k) * (NdL * (1.0 - k) + k));
        return ((1.0 - F) * diffuse * INV_PI + F * specular) * (radiance * NdL);
      }
      // the interpolated normal, facing the viewer, bent by the normal map
      vec3 shadingNormal() {
        float n2 = dot(vNormal, vNormal);
        vec3 N = n2 > 1e-24 ? vNormal * inversesqrt(n2) : vec3(0.0, 0.0, 1.0);
        if (!gl_FrontFacing) N = -N;
      #ifdef NORMAL_TEX
        vec3 t = texture(uNormalTex, vUv).xyz * 2.0 - 1.0;
        t.y = -t.y;
        N = normalize(cotangentFrame(N, vPos, vUv) * t);
      #endif
        return N;
      }
      // key, fill and rim lights fixed to the camera, then the hemisphere ambient (diffuse and reflected)
      vec3 shade(vec3 N, vec3 albedo, float metallic, float ao, vec4 rough) {
        vec3 V = normalize(-vPos);
        float NdV = max(dot(N, V), 1e-4);
        vec3 f0 = mix(vec3(0.04), albedo, metallic);
        vec3 diffuse = (1.0 - metallic) * albedo;
        vec3 c = light(N, V, NdV, vec3(-0.3497, 0.3497, 0.8692), vec3(3.3, 3.2, 3.05), diffuse, f0, rough)
               + light(N, V, NdV, vec3(0.6018, 0.1003, 0.7923), vec3(1.1, 1.15, 1.25), diffuse, f0, rough)
               + light(N, V, NdV, vec3(0.0908, 0.4087, -0.9082), vec3(1.2, 1.2, 1.2), diffuse, f0, rough);
        vec3 R = reflect(-V, N);
        vec3 Fa = f0 + (max(vec3(rough.z), f0) - f0) * pow5(1.0 - NdV);
        return c + (diffuse * hemi(N.y) * 0.75 + Fa * hemi(R.y) * rough.w) * ao;
      }
      void main() {
        vec3 albedo = uBaseColor.rgb;
        float alpha = uBaseColor.a;
      #ifdef VERTEX_COLOR
        albedo *= toLinear(vColor);
      #endif
      #ifdef BASE_TEX
        vec4 texel = texture(uBaseTex, vUv);
        albedo *= toLinear(texel.rgb);
        alpha *= texel.a;
      #endif
        float metallic = uMetallic, ao = 1.0;
        vec4 rough = uRough;
      #ifdef SURFACE_TEX
        vec4 surface = texture(uSurfaceTex, vUv);
        ao = surface.r;
        rough = roughTerms(clamp(uRoughness * surface.g, 0.05, 1.0));
        metallic *= surface.b;
        alpha *= surface.a;
      #endif
      #ifdef BLEND
        if (alpha < 0.004) discard;   // nothing to blend: keep it out of the depth buffer
      #endif
      #ifdef MASK
        if (alpha < uAlphaCutoff) discard;
      #endif
        vec3 c = shade(shadingNormal(), albedo, metallic, ao, rough);
        vec3 emissive = uEmissive;
      #ifdef EMISSIVE_TEX
        emissive *= toLinear(texture(uEmissiveTex, vUv).rgb);
      #endif
      #ifndef BLEND
        alpha = 1.0;
      #endif
        fragColor = vec4(toSrgb(tone((c + emissive) * 0.9)), alpha);
      }
      """;

  private Shaders() {}

  /** Compiles and links the program for one feature set (a combination of the flags above). */
  static int program(int features) {
    StringBuilder defines = new StringBuilder("#version 330 core\n");
    for (int i = 0; i < DEFINES.length; i++) {
      if ((features & (1 << i)) != 0) defines.append("#define ").append(DEFINES[i]).append('\n');
    }
    int vs = compile(GL_VERTEX_SHADER, defines + VERTEX);
    int fs = compile(GL_FRAGMENT_SHADER, defines + FRAGMENT);
    int p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    if (glGetProgrami(p, GL_LINK_STATUS) == GL_FALSE) {
      String log = glGetProgramInfoLog(p);
      glDeleteProgram(p);
      throw new RenderException(RenderException.NO_GL, "shader program did not link: " + log);
    }
    return p;
  }

  private static int compile(int type, String src) {
    int s = glCreateShader(type);
    glShaderSource(s, src);
    glCompileShader(s);
    if (glGetShaderi(s, GL_COMPILE_STATUS) == GL_FALSE) {
      String log = glGetShaderInfoLog(s);
      glDeleteShader(s);
      throw new RenderException(RenderException.NO_GL, "shader did not compile: " + log);
    }
    return s;
  }
}
