package io.thumbnailworker.render.assimp;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ColladaUvSetsTest {
  static String triangles(String inputs) {
    return "<mesh><triangles material=\"m\" count=\"1\"><input semantic=\"VERTEX\" source=\"#v\" offset=\"0\"/>"
        + inputs + "<p>0 0 1 1 2 2</p></triangles></mesh>";
  }

  @Test
  @DisplayName("a primitive whose texture coordinate sets start above 0 gets them numbered from 0, in order")
  void renumbers() {
    String in = triangles("<input semantic=\"TEXCOORD\" source=\"#a\" offset=\"1\" set=\"3\"/>"
        + "<input offset=\"1\" set=\"1\" semantic=\"TEXCOORD\" source=\"#b\"/>");
    String out = ColladaUvSets.fix("<COLLADA>" + in + "<bind_vertex_input input_set=\"1\"/></COLLADA>");
    assertEquals("<COLLADA>" + triangles("<input semantic=\"TEXCOORD\" source=\"#a\" offset=\"1\" set=\"1\"/>"
        + "<input offset=\"1\" set=\"0\" semantic=\"TEXCOORD\" source=\"#b\"/>") + "<bind_vertex_input input_set=\"1\"/></COLLADA>", out);
  }

  @Test
  @DisplayName("a file whose sets start at 0, or that has none, is left as it is")
  void leavesOthers() {
    assertNull(ColladaUvSets.fix(triangles("<input semantic=\"TEXCOORD\" source=\"#a\" offset=\"1\" set=\"0\"/>"
        + "<input semantic=\"TEXCOORD\" source=\"#b\" offset=\"1\" set=\"1\"/>")));
    assertNull(ColladaUvSets.fix(triangles("<input semantic=\"TEXCOORD\" source=\"#a\" offset=\"1\"/>")));
    assertNull(ColladaUvSets.fix(triangles("")));
  }
}
