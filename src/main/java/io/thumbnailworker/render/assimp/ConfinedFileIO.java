package io.thumbnailworker.render.assimp;

import org.lwjgl.assimp.AIFile;
import org.lwjgl.assimp.AIFileCloseProc;
import org.lwjgl.assimp.AIFileFlushProc;
import org.lwjgl.assimp.AIFileIO;
import org.lwjgl.assimp.AIFileOpenProc;
import org.lwjgl.assimp.AIFileReadProc;
import org.lwjgl.assimp.AIFileSeek;
import org.lwjgl.assimp.AIFileTellProc;
import org.lwjgl.assimp.AIFileWriteProc;
import org.lwjgl.system.MemoryUtil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Assimp file system for one import: every file Assimp opens (the model, and anything it references) goes through
 * {@link ModelPaths}, so an upload can read nothing outside its own directory. Files are read whole into native memory;
 * the model itself may be given a virtual name (e.g. {@code model.glb} for a GLB uploaded as {@code .stl}) so Assimp
 * picks the importer that matches its content. Single-threaded, like the importer process that uses it.
 */
final class ConfinedFileIO implements AutoCloseable {
  private static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

  private final ModelPaths paths;
  private final String mainName;
  private final Path mainFile;
  private final Map<Long, OpenFile> open = new HashMap<>();
  private final List<String> refused = new ArrayList<>();
  private final AIFileIO io;
  private final AIFileOpenProc openProc;
  private final AIFileCloseProc closeProc;
  private final AIFileReadProc readProc;
  private final AIFileWriteProc writeProc;
  private final AIFileTellProc tellProc;
  private final AIFileTellProc sizeProc;
  private final AIFileSeek seekProc;
  private final AIFileFlushProc flushProc;

  private static final class OpenFile {
    final ByteBuffer data;
    final AIFile struct;
    long pos;

    OpenFile(ByteBuffer data, AIFile struct) {
      this.data = data;
      this.struct = struct;
    }
  }

  ConfinedFileIO(ModelPaths paths, String mainName, Path mainFile) {
    this.paths = paths;
    this.mainName = mainName;
    this.mainFile = mainFile;
    readProc = AIFileReadProc.create((pFile, pBuffer, size, count) -> {
      OpenFile f = open.get(pFile);
      if (f == null || size <= 0 || count <= 0) return 0;
      long left = f.data.capacity() - f.pos;
      long n = Math.min(count, left / size);
      if (n > 0) {
        MemoryUtil.memCopy(MemoryUtil.memAddress(f.data) + f.pos, pBuffer, n * size);
        f.pos += n * size;
      }
      return n;
    });
    writeProc = AIFileWriteProc.create((pFile, pBuffer, size, count) -> 0);
    tellProc = AIFileTellProc.create(pFile -> {
      OpenFile f = open.get(pFile);
      return f == null ? 0 : f.pos;
    });
    sizeProc = AIFileTellProc.create(pFile -> {
      OpenFile f = open.get(pFile);
      return f == null ? 0 : f.data.capacity();
    });
    seekProc = AIFileSeek.create((pFile, offset, origin) -> {
      OpenFile f = open.get(pFile);
      if (f == null) return -1;
      long base = origin == SEEK_SET ? 0 : origin == SEEK_CUR ? f.pos : origin == SEEK_END ? f.data.capacity() : -1;
      if (base < 0) return -1;
      long target = base + offset;
      if (target < 0 || target > f.data.capacity()) return -1;
      f.pos = target;
      return 0;
    });
    flushProc = AIFileFlushProc.create(pFile -> { });
    openProc = AIFileOpenProc.create((pFileIO, pName, pMode) -> {
      String name = MemoryUtil.memUTF8Safe(pName);
      String mode = MemoryUtil.memUTF8Safe(pMode);
      if (name == null || (mode != null && (mode.contains("w") || mode.contains("a") || mode.contains("+")))) return 0;
      Path file = resolve(name);
      if (file == null) {
        refused.add(name);
        return 0;
      }
      ByteBuffer data;
      try {
        data = readAll(file);
        if (file.equals(mainFile) && mainName.toLowerCase(java.util.Locale.ROOT).endsWith(".dae")) data = ColladaUvSets.fix(data);
      } catch (IOException | OutOfMemoryError e) {
        refused.add(name);
        return 0;
      }
      AIFile struct = AIFile.calloc();
      struct.set(readProc, writeProc, tellProc, sizeProc, seekProc, flushProc, 0L);
      open.put(struct.address(), new OpenFile(data, struct));
      return struct.address();
    });
    closeProc = AIFileCloseProc.create((pFileIO, pFile) -> release(pFile));
    io = AIFileIO.calloc();
    io.set(openProc, closeProc, 0L);
  }

  AIFileIO io() { return io; }

  /** Names Assimp asked for that were refused or missing (for warnings and error text). */
  List<String> refused() { return refused; }

  private Path resolve(String name) {
    String n = name.replace('\\', '/');
    while (n.startsWith("./")) n = n.substring(2);
    if (n.equals(mainName)) return mainFile;
    return paths.resolve(n);
  }

  private static ByteBuffer readAll(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE - 16) throw new IOException("file too large");
      ByteBuffer data = MemoryUtil.memAlloc((int) size);
      try {
        while (data.hasRemaining() && ch.read(data) >= 0) { /* fill */ }
      } catch (IOException e) {
        MemoryUtil.memFree(data);
        throw e;
      }
      data.flip();
      return data;
    }
  }

  private void release(long pFile) {
    OpenFile f = open.remove(pFile);
    if (f != null) {
      MemoryUtil.memFree(f.data);
      f.struct.free();
    }
  }

  @Override
  public void close() {
    for (Long p : new ArrayList<>(open.keySet())) release(p);
    io.free();
    openProc.free();
    closeProc.free();
    readProc.free();
    writeProc.free();
    tellProc.free();
    sizeProc.free();
    seekProc.free();
    flushProc.free();
  }
}
