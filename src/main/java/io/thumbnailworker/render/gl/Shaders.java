package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.RenderException;

import static org.lwjgl.opengl.GL20.*;

/**
 * The one shader program: metallic-roughness PBR (GGX) with key, fill and rim lights fixed relative to the camera,
 * a hemisphere ambient so unlit sides and metals are not black, base colour from factor x texture x vertex colour,
 * optional normal map (tangent frame from screen-space derivatives, so no tangent attribute is needed), ACES tone
 * mapping and sRGB output. Non-glTF materials come in with metallic 0 and a medium roughness: plain diffuse with a
 * soft highlight.
 */
final class Shaders {
  static final String VERTEX = """
      #version 330 core
      layout(location = 0) in vec3 aPos;
      layout(location = 1) in vec3 aNormal;
      layout(location = 2) in vec2 aUv;
      layout(location = 3) in vec4 aColor;
      uniform mat4 uModel;
      uniform mat4 uView;
      uniform mat4 uProj;
      out vec3 vPos;
      out vec3 vNormal;
      out vec2 vUv;
      out vec4 vColor;
      void main() {
        vec4 view = uView * (uModel * vec4(aPos, 1.0));
        vPos = view.xyz;
        vNormal = mat3(uView) * aNormal;   // uModel is a uniform scale: no inverse-transpose needed
        vUv = aUv;
        vColor = aColor;
        gl_Position = uProj * view;
      }
      """;

  static final String FRAGMENT = """
      #version 330 core
      in vec3 vPos;
      in vec3 vNormal;
      in vec2 vUv;
      in vec4 vColor;
      uniform vec4 uBaseColor;
      uniform float uMetallic;
      uniform float uRoughness;
      uniform vec3 uEmissive;
      uniform bool uLinearFactor;
      uniform bool uHasBaseTex;
      uniform bool uHasNormalTex;
      uniform sampler2D uBaseTex;
      uniform sampler2D uNormalTex;
      out vec4 fragColor;
      const float PI = 3.14159265;
      vec3 toLinear(vec3 c) { return pow(max(c, vec3(0.0)), vec3(2.2)); }
      float ggx(float NdH, float a) { float a2 = a * a; float d = NdH * NdH * (a2 - 1.0) + 1.0; return a2 / (PI * d * d); }
      float smithV(float NdV, float NdL, float a) { float k = a * 0.5; return 0.25 / ((NdV * (1.0 - k) + k) * (NdL * (1.0 - k) + k)); }
      vec3 fresnel(vec3 f0, float c) { return f0 + (1.0 - f0) * pow(1.0 - c, 5.0); }
      vec3 aces(vec3 x) { return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0); }
      vec3 hemi(vec3 n) { return mix(vec3(0.20, 0.19, 0.18), vec3(0.62, 0.66, 0.72), 0.5 + 0.5 * n.y); }
      mat3 cotangentFrame(vec3 N, vec3 p, vec2 uv) {
        vec3 dp1 = dFdx(p), dp2 = dFdy(p);
        vec2 duv1 = dFdx(uv), duv2 = dFdy(uv);
        vec3 dp2perp = cross(dp2, N), dp1perp = cross(N, dp1);
        vec3 T = dp2perp * duv1.x + dp1perp * duv2.x;
        vec3 B = dp2perp * duv1.y + dp1perp * duv2.y;
        float m = max(dot(T, T), dot(B, B));
        if (m < 1e-20) return mat3(vec3(1, 0, 0), vec3(0, 1, 0), N);
        float inv = inversesqrt(m);
        return mat3(T * inv, B * inv, N);
      }
      vec3 light(vec3 N, vec3 V, vec3 L, vec3 radiance, vec3 albedo, vec3 f0, float a, float metallic) {
        float NdL = max(dot(N, L), 0.0);
        if (NdL <= 0.0) return vec3(0.0);
        vec3 H = normalize(V + L);
        float NdV = max(dot(N, V), 1e-4), NdH = max(dot(N, H), 0.0), VdH = max(dot(V, H), 0.0);
        vec3 F = fresnel(f0, VdH);
        vec3 spec = F * ggx(NdH, a) * smithV(NdV, NdL, a);
        vec3 diff = (1.0 - F) * (1.0 - metallic) * albedo / PI;
        return (diff + spec) * radiance * NdL;
      }
      void main() {
        vec3 albedo = (uLinearFactor ? uBaseColor.rgb : toLinear(uBaseColor.rgb)) * toLinear(vColor.rgb);
        if (uHasBaseTex) albedo *= texture(uBaseTex, vUv).rgb;   // sRGB texture: sampled as linear
        vec3 N = vNormal;
        if (dot(N, N) < 1e-12) N = cross(dFdx(vPos), dFdy(vPos));
        N = normalize(N);
        if (!gl_FrontFacing) N = -N;
        if (uHasNormalTex) {
          vec3 t = texture(uNormalTex, vUv).xyz * 2.0 - 1.0;
          t.y = -t.y;
          N = normalize(cotangentFrame(N, vPos, vUv) * t);
        }
        vec3 V = normalize(-vPos);
        float metallic = clamp(uMetallic, 0.0, 1.0);
        float rough = clamp(uRoughness, 0.05, 1.0);
        float a = rough * rough;
        vec3 f0 = mix(vec3(0.04), albedo, metallic);
        vec3 c = vec3(0.0);
        c += light(N, V, normalize(vec3(-0.55, 0.75, 0.65)), vec3(2.4, 2.3, 2.2), albedo, f0, a, metallic);
        c += light(N, V, normalize(vec3(0.75, 0.15, 0.45)), vec3(0.85, 0.9, 1.0), albedo, f0, a, metallic);
        c += light(N, V, normalize(vec3(0.1, 0.45, -1.0)), vec3(1.2, 1.2, 1.2), albedo, f0, a, metallic);
        vec3 R = reflect(-V, N);
        float NdV = max(dot(N, V), 0.0);
        vec3 Fa = f0 + (max(vec3(1.0 - rough), f0) - f0) * pow(1.0 - NdV, 5.0);
        c += (1.0 - metallic) * albedo * hemi(N) * 0.75;
        c += Fa * hemi(R) * mix(1.0, 0.35, rough);
        c += uEmissive;
        fragColor = vec4(pow(aces(c * 0.9), vec3(1.0 / 2.2)), 1.0);
      }
      """;

  private Shaders() {}

  static int program() {
    int vs = compile(GL_VERTEX_SHADER, VERTEX);
    int fs = compile(GL_FRAGMENT_SHADER, FRAGMENT);
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
