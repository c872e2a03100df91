package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codec;
import io.temblor.engine.codec.Compression;
import io.temblor.engine.codec.InterceptorChain;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.engine.codec.Preprocessor;
import io.temblor.offheap.EventRing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tremor's {@code file} connector. {@code config}: {@code path} (relative to the working folder), {@code mode}
 * ({@code read}; {@code write} and {@code truncate} create or empty the file; {@code append} creates or appends;
 * {@code overwrite} creates or writes from the start without truncating) and {@code chunk_size} (bytes per read,
 * default 8192).
 *
 * <p>Reading: a reader thread (blocking I/O stays off the duty cycle) reads the file in chunks, decompressing it by
 * its extension ({@code .xz} as Tremor; also {@code .gz}, {@code .zst}, {@code .lz4}, {@code .sz}, {@code .zz}), into a
 * ring; a {@link CodecAgents.Decode} agent runs the connector's {@code preprocessors} (default {@code separate} and
 * {@code remove-empty}, Temblor's line reading, when the connector sets none) and codec. Chunks that do not decode,
 * and read errors (a corrupt compressed file), go to the {@code err} port with the reason and are counted. At the end
 * of the file the stream ends: the preprocessors finish (an unterminated last line is decoded) and the source is done;
 * the flow itself runs until it exits, as in Tremor.
 *
 * <p>Writing: events go through the codec and the connector's {@code postprocessors} (default {@code separate}: one
 * event per line) into the file; the chain's {@code finish} output (e.g. {@code collect}, {@code streaming-compress})
 * is written when the flow stops.
 */
final class FileConnector
{
    /** Bytes per read when {@code chunk_size} is not set (Tremor's default buffer size). */
    static final int DEFAULT_CHUNK_SIZE = 8192;
    /** The stream id of the file's chunks. */

    private static final Set<String> KEYS = Set.of("path", "mode", "chunk_size");
    private static final List<String> DEFAULT_PREPROCESSORS = List.of("separate", "remove-empty");
    private static final List<String> DEFAULT_POSTPROCESSORS = List.of("separate");

    private FileConnector()
    {
    }

    /**
     * Builds a file connector's agents.
     *
     * @param ctx the connector.
     */
    static void build(final ConnectorContext ctx)
    {
        if (!(ctx.config() instanceof Map<?, ?> config))
        {
            throw ctx.error("the file connector needs `config` with `path` and `mode`");
        }
        for (final Object key : config.keySet())
        {
            if (!KEYS.contains(String.valueOf(key)))
            {
                throw ctx.error("unknown field `" + key + "` in `config`, expected one of `path`, `mode`, `chunk_size`");
            }
        }
        final String pathText = JsonConfig.text(ctx.config("path"), "");
        if (pathText.isEmpty())
        {
            throw ctx.error("missing field `path` in `config`");
        }
        final Path file = ctx.path(pathText);
        final Object mode = ctx.config("mode");
        if (null == mode)
        {
            throw ctx.error("missing field `mode` in `config` (read, write, append, overwrite or truncate)");
        }
        switch (String.valueOf(mode))
        {
            case "read" -> read(ctx, file);
            case "write", "truncate" -> write(ctx, file, StandardOpenOption.TRUNCATE_EXISTING);
            case "append" -> write(ctx, file, StandardOpenOption.APPEND);
            case "overwrite" -> write(ctx, file, null);
            default -> throw ctx.error("unknown `mode` `" + mode + "`, expected one of read, write, append, " +
                "overwrite, truncate");
        }
    }

    private static void read(final ConnectorContext ctx, final Path file)
    {
        if (ctx.in().length > 0)
        {
            throw ctx.error("a file connector in mode `read` has no input port: events sent to it would be lost");
        }
        final EventRing raw = ctx.ring(FlowRuntime.RING_CAPACITY);
        final Object size = ctx.config("chunk_size");
        final long chunkSize = null == size ? DEFAULT_CHUNK_SIZE : JsonConfig.number(size, -1);
        if (chunkSize <= 0 || chunkSize > raw.maxPayloadLength())
        {
            throw ctx.error("`chunk_size` must be an integer from 1 to " + raw.maxPayloadLength() + ", got " + size);
        }
        final int algorithm = Compression.byExtension(file.getFileName().toString());
        final String unavailable = algorithm == Compression.NONE ? null : Compression.unavailable(algorithm);
        if (null != unavailable)
        {
            throw ctx.error("cannot read " + file + ": " + unavailable);
        }
        final InputStream in;
        try
        {
            in = Files.newInputStream(file);
        }
        catch (final IOException ex)
        {
            throw ctx.error("cannot open " + file + " (" + ex + ")");
        }
        final Supplier<Preprocessor> preprocessors = ctx.preprocessors(DEFAULT_PREPROCESSORS);
        final Codec codec = ctx.codec();
        final CodecAgents.Decode decode = ctx.decode(raw, preprocessors, codec);
        ctx.source(new Source(ctx.name(), ctx.out("out"), file, in, algorithm, (int)chunkSize, raw, decode));
        ctx.agent(decode);
    }

    private static void write(final ConnectorContext ctx, final Path file, final StandardOpenOption option)
    {
        if (ctx.out("out").length > 0 || ctx.out("err").length > 0)
        {
            throw ctx.error("a file connector in a write mode has no output port");
        }
        final OutputStream stream;
        try
        {
            final FileChannel channel = null == option ?
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE) :
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, option);
            stream = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        }
        catch (final IOException ex)
        {
            throw ctx.error("cannot open " + file + " for writing (" + ex + ")");
        }
        final Postprocessor postprocessor = ctx.postprocessor(DEFAULT_POSTPROCESSORS);
        // an explicit empty list writes the encoded events back to back, as Tremor does
        ctx.agent(new Connectors.Writer(ctx.name(), ctx.in(), stream, ctx.codec(),
            null == postprocessor ? InterceptorChain.postprocessors(List.of()) : postprocessor, true, ctx.clock()));
    }

    /**
     * The reading side: the reader thread reads the file (decompressed by its extension) in chunks of
     * {@code chunk_size} for the decode agent.
     */
    static final class Source extends ReaderSource
    {
        private final Path file;
        private final InputStream file0;
        private final int algorithm;
        private final int chunkSize;
        private InputStream in;

        Source(final String name, final EventRing[] out, final Path file, final InputStream in, final int algorithm,
            final int chunkSize, final EventRing raw, final CodecAgents.Decode decode)
        {
            super(name, out, raw, decode);
            this.file = file;
            this.file0 = in;
            this.in = in;
            this.algorithm = algorithm;
            this.chunkSize = chunkSize;
        }

        @Override
        void read() throws IOException
        {
            final byte[] chunk = new byte[chunkSize];
            final MemorySegment segment = MemorySegment.ofArray(chunk);
            if (algorithm != Compression.NONE)
            {
                in = Compression.decompressor(algorithm, file0);
            }
            int n;
            while (!stopped && (n = in.readNBytes(chunk, 0, chunkSize)) > 0)
            {
                chunk(segment, n);
            }
        }

        @Override
        String describeFailure(final Throwable error)
        {
            return "cannot read " + file + (algorithm == Compression.NONE ? "" : " as " + Compression.name(algorithm)) +
                ": " + error.getMessage();
        }

        @Override
        void closeInput()
        {
            try
            {
                in.close();
            }
            catch (final IOException ex)
            {
                // nothing was lost: the reading is over
            }
        }
    }
}
