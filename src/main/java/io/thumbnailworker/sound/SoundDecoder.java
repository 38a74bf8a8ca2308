package io.thumbnailworker.sound;

import javazoom.spi.mpeg.sampled.file.MpegAudioFileReader;
import javazoom.spi.vorbis.sampled.file.VorbisAudioFileReader;
import org.jflac.sound.spi.FlacAudioFileReader;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import javax.sound.sampled.spi.AudioFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decodes a sound file to mono 8 kHz signed 16-bit samples in this JVM, with the pure-Java {@code javax.sound.sampled}
 * service providers: WAV (the JDK's own reader), MP3 (mp3spi), Ogg Vorbis (vorbisspi) and FLAC (jflac). The reader is
 * chosen by the file's extension, not by sniffing (mp3spi would otherwise claim almost any bytes as MP3), so a file
 * that is not what its name says fails with a message naming the format. Blocking and CPU-bound: call it on a worker
 * thread. Only the first {@link #MAX_SECONDS} are decoded; the duration still comes from the file's header when it
 * states one. The same pass measures the sound's {@link SoundStatistics} (on its first two minutes, see
 * {@link StatsMeter}). Any decoder exception becomes a {@link SoundException} with a one-line message.
 */
public final class SoundDecoder {
  /** The most of a sound decoded for its waveform. */
  public static final int MAX_SECONDS = 600;
  private static final Map<String, Supplier<AudioFileReader>> READERS = Map.of(
      "mp3", MpegAudioFileReader::new,
      "ogg", VorbisAudioFileReader::new,
      "flac", FlacAudioFileReader::new);
  /** The extensions decoded here; the others Modelibr accepts (.aac .m4a .opus .weba) have no pure-Java decoder. */
  public static final java.util.Set<String> FORMATS = java.util.Set.of("wav", "mp3", "ogg", "flac");

  private SoundDecoder() {}

  /** Decodes {@code file}, whose extension ({@code ext}, lower-case, no dot) names its format. */
  public static DecodedSound decode(Path file, String ext) throws SoundException {
    if (!FORMATS.contains(ext)) {
      throw new SoundException("Unsupported sound file type: ." + ext + " (this worker decodes " + String.join(", ", FORMATS.stream().sorted().toList()) + ")");
    }
    try {
      AudioFileFormat fileFormat;
      AudioInputStream encoded;
      if (READERS.containsKey(ext)) {
        AudioFileReader reader = READERS.get(ext).get();
        fileFormat = reader.getAudioFileFormat(file.toFile());
        encoded = reader.getAudioInputStream(file.toFile());
      } else {
        fileFormat = AudioSystem.getAudioFileFormat(file.toFile());
        if (fileFormat.getType() != AudioFileFormat.Type.WAVE) {
          throw new UnsupportedAudioFileException("it reads as " + fileFormat.getType());
        }
        encoded = AudioSystem.getAudioInputStream(file.toFile());
      }
      try (encoded) {
        return decode(encoded, fileFormat, ext);
      }
    } catch (UnsupportedAudioFileException e) {
      throw new SoundException("not a readable " + ext.toUpperCase(Locale.ROOT) + " file (" + message(e) + ")");
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new SoundException("could not decode the " + ext.toUpperCase(Locale.ROOT) + " file: " + message(e));
    }
  }

  private static DecodedSound decode(AudioInputStream encoded, AudioFileFormat fileFormat, String ext) throws IOException {
    AudioFormat source = encoded.getFormat();
    int channels = source.getChannels();
    float rate = source.getSampleRate();
    if (channels <= 0 || !(rate > 0)) throw new IOException("no sample rate or channel count in the stream (" + source + ")");
    AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, 2 * channels, rate, false);
    try (AudioInputStream decoded = pcm.matches(source) ? encoded : AudioSystem.getAudioInputStream(pcm, encoded)) {
      StatsMeter stats = new StatsMeter(channels, rate);
      Downmix mix = new Downmix(channels, rate, DecodedSound.RATE, (long) MAX_SECONDS * DecodedSound.RATE, stats);
      long frames = mix.read(decoded, (long) Math.ceil(rate * MAX_SECONDS));
      if (frames == 0) throw new IOException("no audio frames in the file");
      double duration = durationSeconds(encoded, fileFormat, frames, rate, mix.capped());
      return new DecodedSound(mix.samples(), mix.length(), duration, Math.round(rate), channels, ext, stats.finish());
    }
  }

  /** The header's length when it states one (frames, or mp3spi's/vorbisspi's "duration" in µs), else the frames read. */
  private static double durationSeconds(AudioInputStream encoded, AudioFileFormat fileFormat, long framesRead, float rate,
                                        boolean capped) {
    if (fileFormat.properties().get("duration") instanceof Long micros && micros > 0) return micros / 1e6;
    long frames = encoded.getFrameLength();
    float frameRate = encoded.getFormat().getFrameRate();
    if (frames > 0 && frames != AudioSystem.NOT_SPECIFIED && frameRate > 0 && (capped || frames >= framesRead)) {
      return frames / (double) frameRate;
    }
    return framesRead / (double) rate;
  }

  /** One line; a JVM null-pointer explanation a decoder passed on ("Cannot invoke …") is cut: it says nothing of the file. */
  private static String message(Throwable e) {
    String m = e.getMessage() == null ? null : e.getMessage().replaceAll("(?s):?\\s*Cannot invoke \".*", "");
    String line = m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().replaceAll("\\s+", " ");
    return line.length() > 300 ? line.substring(0, 299) + "…" : line;
  }
}
