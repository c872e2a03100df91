package io.temblor.engine.codec;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The compression algorithms of Tremor's {@code compress}/{@code decompress} interceptors, as streams: {@code gzip}
 * (multi-member on read), {@code zlib}, {@code xz2} (also {@code xz}; org.tukaani.xz), {@code snappy} (the framed
 * format; snappy-java), {@code lz4} (the frame format; lz4-java), {@code zstd} (zstd-jni) and {@code br}, which has no
 * pure-Java encoder or decoder on Maven Central and is refused with a clear error. Snappy, lz4 and zstd load a native
 * library; when it cannot load, building the interceptor fails with the reason (checked once per algorithm).
 * {@link #detect} recognises an algorithm by its magic bytes as Tremor's {@code autodetect} does.
 */
public final class Compression
{
    /** No compression (autodetect found no magic). */
    public static final int NONE = 0;
    /** gzip (RFC 1952). */
    public static final int GZIP = 1;
    /** zlib (RFC 1950). */
    public static final int ZLIB = 2;
    /** xz (Tremor's {@code xz2}). */
    public static final int XZ = 3;
    /** Snappy, framed format. */
    public static final int SNAPPY = 4;
    /** LZ4, frame format. */
    public static final int LZ4 = 5;
    /** Zstandard. */
    public static final int ZSTD = 6;
    /** Brotli: not supported (no pure-Java implementation on Maven Central). */
    public static final int BROTLI = 7;

    /** The level argument asking for the algorithm's default level. */
    public static final int DEFAULT_LEVEL = Integer.MIN_VALUE;

    private static final String[] NAMES = {"none", "gzip", "zlib", "xz2", "snappy", "lz4", "zstd", "br"};
    private static final String[] NATIVE_ERRORS = new String[NAMES.length];
    private static final boolean[] NATIVE_CHECKED = new boolean[NAMES.length];
    /** Tremor's default xz level is 9; 6 (xz's own default) here: java xz at 9 needs a 64 MiB dictionary per stream. */
    static final int DEFAULT_XZ_LEVEL = 6;

    private Compression()
    {
    }

    /**
     * An algorithm by Tremor's name.
     *
     * @param name {@code gzip}, {@code zlib}, {@code xz2} (or {@code xz}), {@code snappy}, {@code lz4}, {@code zstd},
     *     {@code br}.
     * @return its constant, or -1 when unknown.
     */
    public static int byName(final String name)
    {
        return switch (name)
        {
            case "gzip" -> GZIP;
            case "zlib" -> ZLIB;
            case "xz2", "xz" -> XZ;
            case "snappy" -> SNAPPY;
            case "lz4" -> LZ4;
            case "zstd" -> ZSTD;
            case "br" -> BROTLI;
            default -> -1;
        };
    }

    /**
     * The algorithm a file name's extension names ({@code .gz}, {@code .xz}, {@code .zst}, {@code .lz4},
     * {@code .sz}/{@code .snappy}, {@code .zz}/{@code .zlib}, {@code .br}).
     *
     * @param fileName the name.
     * @return the algorithm, or {@link #NONE}.
     */
    public static int byExtension(final String fileName)
    {
        final int dot = fileName.lastIndexOf('.');
        if (dot < 0)
        {
            return NONE;
        }
        return switch (fileName.substring(dot + 1).toLowerCase(Locale.ROOT))
        {
            case "gz", "gzip" -> GZIP;
            case "zz", "zlib" -> ZLIB;
            case "xz" -> XZ;
            case "sz", "snappy" -> SNAPPY;
            case "lz4" -> LZ4;
            case "zst", "zstd" -> ZSTD;
            case "br" -> BROTLI;
            default -> NONE;
        };
    }

    /**
     * Tremor's name of an algorithm.
     *
     * @param algorithm a constant.
     * @return the name.
     */
    public static String name(final int algorithm)
    {
        return NAMES[algorithm];
    }

    /**
     * The algorithm of a compressed document by its first six bytes, as Tremor's {@code autodetect}.
     *
     * @param data the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @return the algorithm, or {@link #NONE} (fewer than six bytes, or no known magic).
     */
    public static int detect(final byte[] data, final int offset, final int length)
    {
        if (length < 6)
        {
            return NONE;
        }
        final int b0 = data[offset] & 0xFF;
        final int b1 = data[offset + 1] & 0xFF;
        final int b2 = data[offset + 2] & 0xFF;
        final int b3 = data[offset + 3] & 0xFF;
        if (b0 == 0x1F && b1 == 0x8B)
        {
            return GZIP;
        }
        if (b0 == 0x78 && (b1 == 0x01 || b1 == 0x5E || b1 == 0x9C || b1 == 0xDA))
        {
            return ZLIB;
        }
        if (b0 == 0xFD && b1 == '7' && b2 == 'z' && b3 == 'X' && data[offset + 4] == 'Z' && data[offset + 5] == 0)
        {
            return XZ;
        }
        if (b0 == 0xFF || b0 == 's' && b1 == 'N' && b2 == 'a' && b3 == 'P' && data[offset + 4] == 'p' &&
            data[offset + 5] == 'Y')
        {
            return SNAPPY;
        }
        if (b0 == 0x04 && b1 == 0x22 && b2 == 0x4D && b3 == 0x18)
        {
            return LZ4;
        }
        if (b0 == 0x28 && b1 == 0xB5 && b2 == 0x2F && b3 == 0xFD)
        {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * Checks that an algorithm can run here: brotli never, the native ones when their library loads.
     *
     * @param algorithm a constant.
     * @return null when usable, else why not.
     */
    public static synchronized String unavailable(final int algorithm)
    {
        if (algorithm == BROTLI)
        {
            return "the br (brotli) algorithm is not supported by Temblor (no pure-Java brotli on Maven Central)";
        }
        if (algorithm != SNAPPY && algorithm != LZ4 && algorithm != ZSTD)
        {
            return null;
        }
        if (!NATIVE_CHECKED[algorithm])
        {
            NATIVE_CHECKED[algorithm] = true;
            try
            {
                final Bytes probe = new Bytes(64);
                final byte[] text = {'p', 'r', 'o', 'b', 'e'};
                try (OutputStream out = compressor(algorithm, DEFAULT_LEVEL, new BytesOutput(probe)))
                {
                    out.write(text);
                }
            }
            catch (final IOException | LinkageError | RuntimeException e)
            {
                NATIVE_ERRORS[algorithm] = "the " + NAMES[algorithm] + " algorithm cannot run here: its native " +
                    "library did not load (" + e + ")";
            }
        }
        return NATIVE_ERRORS[algorithm];
    }

    /**
     * Checks a {@code level} option as Tremor does: xz2 takes 0..9, zstd -7..22, lz4 0 or more, others none.
     *
     * @param algorithm a constant.
     * @param level the level.
     * @return null when valid, else the reason.
     */
    public static String checkLevel(final int algorithm, final long level)
    {
        return switch (algorithm)
        {
            case XZ -> level >= 0 && level <= 9 ? null :
                "Xz2 supports compression level between 0 and 9 but " + level + " was given";
            case ZSTD -> level >= -7 && level <= 22 ? null :
                "Zstd supports compression level between -7 and 22 but " + level + " was given";
            case LZ4 -> level >= 0 ? null : "Lz4 compression level cannot be less than 0 but " + level + " was given";
            default -> "Compression level not supported for given algorithm";
        };
    }

    /**
     * A stream decompressing {@code in} (closing it closes {@code in}).
     *
     * @param algorithm a constant other than {@link #NONE} and {@link #BROTLI}.
     * @param in the compressed bytes.
     * @return the decompressed stream.
     * @throws IOException when the header is not valid.
     */
    public static InputStream decompressor(final int algorithm, final InputStream in) throws IOException
    {
        return switch (algorithm)
        {
            case GZIP -> new GZIPInputStream(in, 8192);
            case ZLIB -> new InflaterInputStream(in);
            case XZ -> new XZInputStream(in);
            case SNAPPY -> new SnappyFramedInputStream(in);
            case LZ4 -> new LZ4FrameInputStream(in);
            case ZSTD -> new ZstdInputStream(in);
            default -> throw new IllegalArgumentException("cannot decompress " + NAMES[algorithm]);
        };
    }

    /**
     * A stream compressing into {@code out}; closing it writes the trailer.
     *
     * @param algorithm a constant other than {@link #NONE} and {@link #BROTLI}.
     * @param level the level ({@link #checkLevel}), or {@link #DEFAULT_LEVEL}.
     * @param out receives the compressed bytes.
     * @return the compressing stream.
     * @throws IOException when the stream cannot start.
     */
    public static OutputStream compressor(final int algorithm, final int level, final OutputStream out)
        throws IOException
    {
        return switch (algorithm)
        {
            case GZIP -> new GZIPOutputStream(out, 8192);
            case ZLIB -> new DeflaterOutputStream(out);
            case XZ ->
            {
                try
                {
                    yield new XZOutputStream(out, new LZMA2Options(level == DEFAULT_LEVEL ? DEFAULT_XZ_LEVEL : level));
                }
                catch (final UnsupportedOptionsException e)
                {
                    throw new IOException(e.getMessage(), e);
                }
            }
            case SNAPPY -> new SnappyFramedOutputStream(out);
            case LZ4 -> level == DEFAULT_LEVEL || level <= 2 ? new LZ4FrameOutputStream(out) : new LZ4FrameOutputStream(out,
                LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1L, LZ4Factory.fastestInstance().highCompressor(
                Math.min(level, 17)), net.jpountz.xxhash.XXHashFactory.fastestInstance().hash32(),
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
            case ZSTD -> new ZstdOutputStream(out, level == DEFAULT_LEVEL ? 3 : level);
            default -> throw new IllegalArgumentException("cannot compress " + NAMES[algorithm]);
        };
    }

    /**
     * Decompresses one whole document into {@code result} (cleared first).
     *
     * @param algorithm a constant.
     * @param data the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @param result receives the bytes.
     * @param scratch a read buffer.
     * @return null on success, else the reason (corrupt, truncated).
     */
    static String decompress(final int algorithm, final byte[] data, final int offset, final int length,
        final Bytes result, final byte[] scratch)
    {
        result.clear();
        try (InputStream in = decompressor(algorithm, new ByteArrayInputStream(data, offset, length)))
        {
            int n;
            while ((n = in.read(scratch)) >= 0)
            {
                if (n > 0)
                {
                    result.add(scratch, 0, n);
                }
            }
            return null;
        }
        catch (final IOException | RuntimeException | LinkageError e)
        {
            return "invalid " + NAMES[algorithm] + " data: " + e.getMessage();
        }
    }

    /** An output stream appending to a {@link Bytes}. */
    static final class BytesOutput extends OutputStream
    {
        final Bytes bytes;

        BytesOutput(final Bytes bytes)
        {
            this.bytes = bytes;
        }

        @Override
        public void write(final int b)
        {
            bytes.add(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            bytes.add(b, off, len);
        }
    }
}
