package io.thumbnailworker.render.importer;

import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An importer child that misbehaves on purpose, chosen by the model's file name: {@code crash.glb} jumps to address 8
 * (a real native SIGSEGV), {@code hang.glb} spins for ever, {@code alloc.glb} touches 2 GiB of native memory. Any
 * other file is imported as the real child does.
 */
public final class MisbehavingImporterMain {
  private MisbehavingImporterMain() {}

  public static void main(String[] args) throws InterruptedException {
    ImporterMain.run(request -> {
      switch (Path.of(request.getString("model")).getFileName().toString()) {
        case "crash.glb" -> JNI.invokeV(8L);
        case "hang.glb" -> {
          while (true) Thread.onSpinWait();
        }
        case "alloc.glb" -> {
          ByteBuffer b = MemoryUtil.memAlloc(Integer.MAX_VALUE - 64);
          for (int i = 0; i < b.capacity(); i += 4096) b.put(i, (byte) 1);
        }
        default -> { }
      }
      return ImporterMain.load(request);
    });
  }
}
