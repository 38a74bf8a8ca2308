package io.thumbnailworker.fs;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zip's central directory without inflating anything: for each entry its name, declared size, and whether it
 * is a directory or a symbolic link (Unix mode in the external attributes, which {@code java.util.zip} does not
 * expose). ZIP64 archives and data prepended to the archive are understood. Names are UTF-8, as {@code java.util.zip}
 * reads them by default.
 */
final class ZipDirectory {
  /** One central directory entry. */
  record Entry(String name, long size, boolean directory, boolean symlink) {}

  /** The archive cannot be read as a zip; the message says why. */
  static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CEN = 0x02014b50;
  private static final int EOCD_LEN = 22;
  private static final int CEN_LEN = 46;
  private static final long MAX32 = 0xFFFFFFFFL;

  private ZipDirectory() {}

  /**
   * The entries, or null when the file holds no end-of-central-directory record (not a zip).
   *
   * @throws ZipRules.Refused with more than {@code maxEntries} entries (found before reading them)
   */
  static List<Entry> read(Path zip, int maxEntries) throws IOException, Unreadable {
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
      long size = ch.size();
      int tail = (int) Math.min(size, EOCD_LEN + 0xFFFF);
      ByteBuffer end = bytes(ch, size - tail, tail);
      int at = -1;
      for (int i = tail - EOCD_LEN; i >= 0 && at < 0; i--) {
        if (end.getInt(i) == EOCD && i + EOCD_LEN + u16(end, i + 20) <= tail) at = i;
      }
      if (at < 0) return null;
      long eocd = size - tail + at;
      long count = u16(end, at + 10);
      long cdSize = u32(end, at + 12);
      long cdEnd = eocd;
      boolean deferred = count == 0xFFFF || cdSize == MAX32 || u32(end, at + 16) == MAX32;
      ByteBuffer locator = eocd >= 20 ? bytes(ch, eocd - 20, 20) : null;
      if (locator != null && locator.getInt(0) == ZIP64_LOCATOR) {
        long z64 = eocd - 20 - 56;                         // the ZIP64 end record usually sits just before its locator
        if (z64 < 0 || bytes(ch, z64, 4).getInt(0) != ZIP64_EOCD) z64 = locator.getLong(8);   // else where it says
        ByteBuffer rec = z64 >= 0 && z64 + 56 <= eocd ? bytes(ch, z64, 56) : null;
        if (rec == null || rec.getInt(0) != ZIP64_EOCD) throw new Unreadable("a ZIP64 archive without its end record");
        count = rec.getLong(32);
        cdSize = rec.getLong(40);
        cdEnd = z64;
      } else if (deferred) {
        throw new Unreadable("a ZIP64 archive without its locator");
      }
      long cdStart = cdEnd - cdSize;                         // also right when data was prepended to the archive
      if (cdStart < 0 || cdSize < 0) throw new Unreadable("the central directory lies outside the file");
      if (count > maxEntries) throw ZipRules.tooManyEntries(maxEntries);
      ch.position(cdStart);
      InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
      return entries(in, cdSize, maxEntries);
    }
  }

  private static List<Entry> entries(InputStream in, long cdSize, int maxEntries) throws IOException, Unreadable {
    List<Entry> out = new ArrayList<>();
    long consumed = 0;
    while (consumed < cdSize) {
      if (out.size() >= maxEntries) throw ZipRules.tooManyEntries(maxEntries);
      ByteBuffer h = ByteBuffer.wrap(in.readNBytes(CEN_LEN)).order(ByteOrder.LITTLE_ENDIAN);
      if (h.limit() < CEN_LEN || h.getInt(0) != CEN) throw new Unreadable("a damaged central directory");
      int nameLen = u16(h, 28);
      int extraLen = u16(h, 30);
      int commentLen = u16(h, 32);
      String name = name(exactly(in, nameLen));
      ByteBuffer extra = ByteBuffer.wrap(exactly(in, extraLen)).order(ByteOrder.LITTLE_ENDIAN);
      exactly(in, commentLen);
      long size = u32(h, 24) == MAX32 ? zip64Size(extra) : u32(h, 24);
      int host = u16(h, 4) >> 8;
      int mode = (int) (u32(h, 38) >>> 16);
      boolean unix = host == 3 || host == 19;                // Unix, OS X
      boolean symlink = unix && (mode & 0xF000) == 0xA000;
      boolean directory = name.endsWith("/") || (unix && (mode & 0xF000) == 0x4000);
      out.add(new Entry(name, size, directory, symlink));
      consumed += CEN_LEN + nameLen + extraLen + commentLen;
    }
    return out;
  }

  private static long zip64Size(ByteBuffer extra) throws Unreadable {
    for (int i = 0; i + 4 <= extra.limit(); ) {
      int id = u16(extra, i);
      int len = u16(extra, i + 2);
      if (id == 0x0001 && len >= 8 && i + 12 <= extra.limit()) return extra.getLong(i + 4);
      i += 4 + len;
    }
    throw new Unreadable("an entry's ZIP64 size is missing");
  }

  private static String name(byte[] raw) throws Unreadable {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new Unreadable("an entry name is not UTF-8");
    }
  }

  private static byte[] exactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) throw new EOFException("the central directory ends early");
    return b;
  }

  private static ByteBuffer bytes(FileChannel ch, long position, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) if (ch.read(b, position + b.position()) < 0) throw new EOFException("the file ends early");
    return b.flip();
  }

  private static int u16(ByteBuffer b, int at) {
    return b.getShort(at) & 0xFFFF;
  }

  private static long u32(ByteBuffer b, int at) {
    return b.getInt(at) & MAX32;
  }
}
