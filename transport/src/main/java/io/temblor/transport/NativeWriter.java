package io.temblor.transport;

import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * Writes frames to a file descriptor with {@code writev(2)}, called through the FFM API (a {@link Linker} downcall
 * capturing {@code errno}). Frames are copied into a staging area and each gets one {@code iovec}; one call writes up
 * to {@link #IOV_MAX} frames. Both the staging area and the {@code iovec} array live in a confined {@link Arena}
 * allocated once, so a writer belongs to the thread that built it.
 *
 * <pre>
 *   iovec (Linux, 64-bit), one per staged frame:
 *   0                   8                   16
 *   | iov_base (u64)    | iov_len (u64)     |
 * </pre>
 *
 * <p>{@link #flush()} retries a call interrupted by a signal ({@code EINTR}) and, after a partial write, writes the
 * remainder (the first unwritten {@code iovec} is moved past the written bytes); a descriptor that takes nothing more
 * now ({@code EAGAIN}, a non-blocking pipe that is full) is {@link #BACK_PRESSURED}: the rest stays staged for the next
 * flush. Other errors throw with the {@code strerror} text. Nothing is allocated per frame or per call.
 *
 * <p>Linux only (the {@code open(2)} flags and the {@code iovec} layout above).
 */
public final class NativeWriter implements AutoCloseable
{
    /** {@link #flush()}: everything staged was written. */
    public static final int FLUSHED = 0;
    /** {@link #flush()}: the descriptor takes nothing more now (EAGAIN); what is left stays staged. */
    public static final int BACK_PRESSURED = 1;
    /** The most {@code iovec}s one {@code writev} call takes (Linux {@code IOV_MAX}). */
    public static final int IOV_MAX = 1024;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;
    private static final int O_APPEND = 02000;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int IOVEC_BYTES = 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** {@code ssize_t writev(int fd, const struct iovec *iov, int iovcnt)}, the array passed as its address. */
    private static final MethodHandle WRITEV = LINKER.downcallHandle(LIBC.find("writev").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
        CAPTURE_ERRNO);
    /** {@code int open(const char *path, int flags, ...)} with the mode as its variadic argument. */
    private static final MethodHandle OPEN = LINKER.downcallHandle(LIBC.find("open").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    /** {@code int fcntl(int fd, int cmd, ...)} with one int argument. */
    private static final MethodHandle FCNTL = LINKER.downcallHandle(LIBC.find("fcntl").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private final int fd;
    private final boolean ownsFd;
    private final Arena arena;
    private final MemorySegment capture;
    private final MemorySegment iov;
    private final MemorySegment staging;
    private final long iovAddress;
    private final long stagingAddress;
    private final int maxFrames;
    private final int stagingBytes;
    private int count;
    private int first;
    private int stagedEnd;
    private long pendingBytes;
    private long bytesWritten;
    private long framesWritten;
    private long calls;
    private long partialWrites;
    private long interrupted;
    private long wouldBlock;

    /**
     * A writer; its memory is confined to the calling thread, which alone may use it.
     *
     * @param fd the descriptor written to.
     * @param ownsFd whether {@link #close()} closes the descriptor (not for standard output or error).
     * @param maxFrames the most frames staged at once (the size of the {@code iovec} array).
     * @param stagingBytes bytes of frames staged at once.
     */
    public NativeWriter(final int fd, final boolean ownsFd, final int maxFrames, final int stagingBytes)
    {
        if (maxFrames <= 0 || stagingBytes <= 0)
        {
            throw new IllegalArgumentException("maxFrames and stagingBytes must be > 0: " + maxFrames + ", " +
                stagingBytes);
        }
        this.fd = fd;
        this.ownsFd = ownsFd;
        this.maxFrames = maxFrames;
        this.stagingBytes = stagingBytes;
        this.arena = Arena.ofConfined();
        this.capture = arena.allocate(CAPTURE_LAYOUT);
        this.iov = arena.allocate((long)maxFrames * IOVEC_BYTES, 8);
        this.staging = arena.allocate(stagingBytes, 64);
        this.iovAddress = iov.address();
        this.stagingAddress = staging.address();
    }

    /**
     * Opens a file for writing with {@code open(2)} (created with mode 0644, close-on-exec, non-blocking so that a
     * full FIFO gives {@link #BACK_PRESSURED} instead of stopping the thread). Cold path, any thread.
     *
     * @param path the file.
     * @param append true to append, false to truncate.
     * @return the descriptor.
     * @throws UncheckedIOException with the reason ({@code strerror}) when it cannot be opened (for a FIFO: no reader).
     */
    public static int open(final Path path, final boolean append)
    {
        final int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK | (append ? O_APPEND : O_TRUNC);
        try (Arena scratch = Arena.ofConfined())
        {
            final MemorySegment state = scratch.allocate(CAPTURE_LAYOUT);
            final int fd = (int)OPEN.invokeExact(state, scratch.allocateFrom(path.toString()), flags, 0644);
            if (fd < 0)
            {
                throw error("cannot open " + path + " for writing", (int)ERRNO.get(state, 0L));
            }
            return fd;
        }
        catch (final UncheckedIOException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("open(2) downcall failed", ex);
        }
    }

    /**
     * Sets a pipe's capacity ({@code fcntl F_SETPIPE_SZ}); the kernel rounds it up to a page. Cold path.
     *
     * @param fd a pipe or FIFO descriptor.
     * @param bytes the capacity wanted.
     * @return the capacity set.
     */
    static int pipeCapacity(final int fd, final int bytes)
    {
        try (Arena scratch = Arena.ofConfined())
        {
            final MemorySegment state = scratch.allocate(CAPTURE_LAYOUT);
            final int set = (int)FCNTL.invokeExact(state, fd, F_SETPIPE_SZ, bytes);
            if (set < 0)
            {
                throw error("fcntl(F_SETPIPE_SZ) on fd " + fd, (int)ERRNO.get(state, 0L));
            }
            return set;
        }
        catch (final UncheckedIOException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("fcntl(2) downcall failed", ex);
        }
    }

    /**
     * Closes a descriptor ({@code close(2)}), ignoring errors. Cold path.
     *
     * @param fd the descriptor.
     */
    public static void closeFd(final int fd)
    {
        try
        {
            final int ignored = (int)CLOSE.invokeExact(fd);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("close(2) downcall failed", ex);
        }
    }

    /**
     * Whether a frame of this length can be staged now.
     *
     * @param length the frame's length.
     * @return true when there is room for it and an {@code iovec}.
     */
    public boolean hasRoom(final int length)
    {
        return count < maxFrames && stagedEnd + length <= stagingBytes;
    }

    /**
     * Copies a frame into the staging area and gives it an {@code iovec}; empty frames are skipped.
     *
     * @param source the frame's memory.
     * @param offset where it starts.
     * @param length its length.
     * @return false when there is no room now (flush first).
     */
    public boolean stage(final MemorySegment source, final long offset, final int length)
    {
        if (length == 0)
        {
            framesWritten++;
            return true;
        }
        if (!hasRoom(length))
        {
            return false;
        }
        MemorySegment.copy(source, offset, staging, stagedEnd, length);
        final long at = (long)count * IOVEC_BYTES;
        iov.set(ValueLayout.JAVA_LONG, at, stagingAddress + stagedEnd);
        iov.set(ValueLayout.JAVA_LONG, at + 8, length);
        count++;
        stagedEnd += length;
        pendingBytes += length;
        return true;
    }

    /**
     * Writes what is staged, {@link #IOV_MAX} frames per call, until all is written or the descriptor is full.
     *
     * @return {@link #FLUSHED} or {@link #BACK_PRESSURED}.
     * @throws UncheckedIOException when {@code writev} fails otherwise (the staged frames are then dropped).
     */
    public int flush()
    {
        while (first < count)
        {
            final int frames = Math.min(count - first, IOV_MAX);
            final long written;
            try
            {
                written = (long)WRITEV.invokeExact(capture, fd, iovAddress + (long)first * IOVEC_BYTES, frames);
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("writev(2) downcall failed", ex);
            }
            calls++;
            if (written < 0)
            {
                final int errno = (int)ERRNO.get(capture, 0L);
                if (errno == EINTR)
                {
                    interrupted++;
                    continue;
                }
                if (errno == EAGAIN)
                {
                    wouldBlock++;
                    return BACK_PRESSURED;
                }
                reset();
                throw error("writev to fd " + fd + " failed", errno);
            }
            consume(written, frames == count - first);
        }
        reset();
        return FLUSHED;
    }

    /** Moves past {@code written} bytes: whole iovecs are done, the one cut short starts after what was written. */
    private void consume(final long written, final boolean allRequested)
    {
        bytesWritten += written;
        pendingBytes -= written;
        if (allRequested && pendingBytes > 0)
        {
            partialWrites++;
        }
        long left = written;
        while (left > 0)
        {
            final long at = (long)first * IOVEC_BYTES;
            final long length = iov.get(ValueLayout.JAVA_LONG, at + 8);
            if (left >= length)
            {
                left -= length;
                first++;
                framesWritten++;
            }
            else
            {
                iov.set(ValueLayout.JAVA_LONG, at, iov.get(ValueLayout.JAVA_LONG, at) + left);
                iov.set(ValueLayout.JAVA_LONG, at + 8, length - left);
                left = 0;
            }
        }
    }

    private void reset()
    {
        count = 0;
        first = 0;
        stagedEnd = 0;
        pendingBytes = 0;
    }

    /**
     * Whether nothing is staged.
     *
     * @return true when all was written.
     */
    public boolean isEmpty()
    {
        return first == count;
    }

    /**
     * Frames staged and not yet written in full.
     *
     * @return the count.
     */
    public int stagedFrames()
    {
        return count - first;
    }

    /** @return frames written in full so far. */
    public long framesWritten()
    {
        return framesWritten;
    }

    /** @return bytes written so far. */
    public long bytesWritten()
    {
        return bytesWritten;
    }

    /** @return {@code writev} calls made. */
    public long calls()
    {
        return calls;
    }

    /** @return calls that wrote only part of what they were given (the rest was written by later calls). */
    public long partialWrites()
    {
        return partialWrites;
    }

    /** @return calls interrupted by a signal ({@code EINTR}) and made again. */
    public long interruptedCalls()
    {
        return interrupted;
    }

    /** @return calls that found the descriptor full ({@code EAGAIN}). */
    public long wouldBlockCalls()
    {
        return wouldBlock;
    }

    /** @return the descriptor. */
    public int fd()
    {
        return fd;
    }

    /** Frees the memory, and closes the descriptor when owned. Owner thread. */
    @Override
    public void close()
    {
        arena.close();
        if (ownsFd)
        {
            closeFd(fd);
        }
    }

    private static UncheckedIOException error(final String what, final int errno)
    {
        String reason;
        try
        {
            final MemorySegment text = (MemorySegment)STRERROR.invokeExact(errno);
            reason = text.reinterpret(1024).getString(0);
        }
        catch (final Throwable ex)
        {
            reason = "error";
        }
        return new UncheckedIOException(what + ": " + reason + " (errno " + errno + ")",
            new java.io.IOException(reason));
    }
}
