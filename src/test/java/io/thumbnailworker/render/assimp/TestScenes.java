package io.thumbnailworker.render.assimp;

/** Small models written as text, with known counts, for scene-fact tests. */
public final class TestScenes {
  /** Two objects: a 2x2x2 cube of 6 quads (12 triangles) and one triangle; two materials; spans x 0..5. */
  public static final String TWO_OBJECTS = """
      mtllib two.mtl
      o Box
      v 0 0 0
      v 2 0 0
      v 2 2 0
      v 0 2 0
      v 0 0 2
      v 2 0 2
      v 2 2 2
      v 0 2 2
      usemtl Red
      f 1 4 3 2
      f 5 6 7 8
      f 1 2 6 5
      f 2 3 7 6
      f 3 4 8 7
      f 4 1 5 8
      o Wedge
      v 4 0 0
      v 5 0 0
      v 4 1 1
      usemtl Blue
      f 9 10 11
      """;
  public static final String MTL = "newmtl Red\nKd 1 0 0\nnewmtl Blue\nKd 0 0 1\n";

  private TestScenes() {}
}
