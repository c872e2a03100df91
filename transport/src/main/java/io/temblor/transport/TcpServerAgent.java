package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.CloseHelper;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayQueue;
import org.agrona.concurrent.EpochNanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * A stream-socket server as an agent (TCP, or a UNIX domain socket when bound to a {@link UnixDomainSocketAddress}):
 * accepts any number of clients on a non-blocking {@link Selector}, writes each read chunk
 * as one {@link TransportDescriptor#DATA_TYPE} frame (id = the connection's id, from 1 up, never reused) to the
 * inbound ring, and writes each outbound frame's payload to the connection whose id the frame carries.
 *
 * <p>Back pressure: when the inbound ring is full it reads no socket until the chunk in hand is written, so bytes stay
 * in the kernel. When a connection's send buffer is full it holds the frame and takes no further outbound frame.
 * Frames for a connection that is gone are counted and reported as {@link TransportDescriptor#UNDELIVERED_TYPE}
 * frames; frames still in the send buffer of a connection that closes are counted.
 *
 * <p>End of stream: when a connection closes (by the peer or after an error), and for every open connection once the
 * agent stops reading ({@link #stopReading()}), a {@link TransportDescriptor#END_TYPE} frame with the connection's id
 * follows its last data frame on the inbound ring (held, in order, while the ring is full), so that a consumer can
 * finish what it buffered for the connection (a last line without a separator).
 *
 * <p>A UNIX domain socket's file is created by the bind. A file left at that path by a server that is gone (a stale
 * socket: connecting to it is refused) is removed first; a socket something still listens on, or a file that is not a
 * socket, is an error. The socket file is removed when the agent closes.
 *
 * <p>All methods but the counters run on the agent thread. Nothing is allocated per frame; each accepted connection
 * allocates its buffers once.
 */
public final class TcpServerAgent extends TransportAgent
{
    /** The file type bits of a {@code unix:mode} attribute, and the type of a socket (POSIX {@code sys/stat.h}). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Selector selector;
    private final ServerSocketChannel server;
    private final SelectionKey acceptKey;
    private final int localPort;
    private final Path socketFile;
    private final int readBufferBytes;
    private final int sendBufferBytes;
    private final Long2ObjectHashMap<Connection> connections = new Long2ObjectHashMap<>();
    private final ArrayList<Connection> dirty = new ArrayList<>();
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final LongArrayQueue pendingEnds = new LongArrayQueue();
    private final MemorySegment noPayload = MemorySegment.ofArray(new byte[0]);
    private boolean streamsEnded;
    private long nextConnectionId = 1;
    private Connection pendingRead;
    private int readyWork;
    private volatile long accepted;
    private volatile long disconnects;

    private static final class Connection
    {
        final long id;
        final SocketChannel channel;
        final ByteBuffer readBuffer;
        final MemorySegment readSegment;
        final SendBuffer send;
        SelectionKey key;
        boolean writeInterest;
        boolean dirty;
        boolean closed;
        int pendingLength;
        long pendingIngestNs;

        Connection(final long id, final SocketChannel channel, final int readBufferBytes, final int sendBufferBytes)
        {
            this.id = id;
            this.channel = channel;
            this.readBuffer = ByteBuffer.allocateDirect(readBufferBytes);
            this.readSegment = MemorySegment.ofBuffer(readBuffer);
            this.send = new SendBuffer(sendBufferBytes);
        }
    }

    /**
     * Binds the server socket (cold path, calling thread).
     *
     * @param bindAddress the address and port to listen on (port 0 picks a free one, see {@link #localPort()}), or
     *                    the path of a UNIX domain socket.
     * @param inbound the ring received bytes go to.
     * @param outbound the ring of frames to send.
     * @param clock the source of ingest times.
     * @param settings buffer sizes and poll limit.
     * @throws UncheckedIOException when the address cannot be bound (for a UNIX socket: the path is in use by a live
     *                              server, is not a socket, or its folder is missing or not writable).
     */
    public TcpServerAgent(final SocketAddress bindAddress, final EventRing inbound, final EventRing outbound,
        final EpochNanoClock clock, final TransportSettings settings)
    {
        super(inbound, outbound, clock, settings);
        this.readBufferBytes = Math.min(settings.readBufferBytes(), inbound.maxPayloadLength());
        this.sendBufferBytes = settings.sendBufferBytes();
        Selector openedSelector = null;
        ServerSocketChannel openedServer = null;
        try
        {
            openedSelector = Selector.open();
            if (bindAddress instanceof UnixDomainSocketAddress unixAddress)
            {
                removeStaleSocket(unixAddress.getPath());
                openedServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            }
            else
            {
                openedServer = ServerSocketChannel.open();
                openedServer.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            openedServer.bind(bindAddress);
            openedServer.configureBlocking(false);
            this.acceptKey = openedServer.register(openedSelector, SelectionKey.OP_ACCEPT);
            this.localPort = openedServer.getLocalAddress() instanceof InetSocketAddress inet ? inet.getPort() : -1;
            this.socketFile = bindAddress instanceof UnixDomainSocketAddress unixAddress ? unixAddress.getPath() : null;
        }
        catch (final IOException ex)
        {
            CloseHelper.quietCloseAll(openedServer, openedSelector);
            throw new UncheckedIOException("cannot listen on " + describe(bindAddress) + ": " + ex.getMessage(), ex);
        }
        this.selector = openedSelector;
        this.server = openedServer;
    }

    /**
     * Removes a UNIX socket file no server listens on any more.
     *
     * @param path the socket's path.
     * @throws IOException when the path is a live socket or not a socket.
     */
    static void removeStaleSocket(final Path path) throws IOException
    {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        final int mode = (Integer)Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK)
        {
            throw new IOException(path + " exists and is not a socket (not removed)");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            probe.connect(UnixDomainSocketAddress.of(path));
        }
        catch (final IOException refused)
        {
            // nobody listens: a socket file left by a server that is gone
            Files.deleteIfExists(path);
            return;
        }
        throw new IOException("a server is already listening on " + path);
    }

    private static String describe(final SocketAddress address)
    {
        return address instanceof UnixDomainSocketAddress unixAddress ? "unix socket " + unixAddress.getPath() :
            String.valueOf(address);
    }

    /**
     * The path of the UNIX domain socket served, or null for TCP. Any thread.
     *
     * @return the path.
     */
    public Path socketFile()
    {
        return socketFile;
    }

    @Override
    public String roleName()
    {
        return null == socketFile ? "tcp-server" : "unix-server";
    }

    /**
     * Accepts, reads, writes and takes outbound frames, each bounded.
     *
     * @return the work done (0 when idle).
     */
    @Override
    public int doWork() throws IOException
    {
        int work = 0;
        if (pendingRead != null && inbound.offer(TransportDescriptor.DATA_TYPE, pendingRead.pendingIngestNs,
            pendingRead.id, pendingRead.readSegment, 0, pendingRead.pendingLength))
        {
            pendingRead = null;
            work++;
        }
        if (readsStopped && !streamsEnded)
        {
            // nothing more is read: every open connection's stream ends here
            streamsEnded = true;
            connections.forEach((id, connection) -> pendingEnds.addLong(id));
        }
        work += offerEnds();
        readyWork = 0;
        selector.selectNow(onReady);
        work += readyWork;
        work += pollOutbound();
        work += flushDirty();
        return work;
    }

    @Override
    public void onClose()
    {
        connections.forEach((id, connection) -> CloseHelper.quietClose(connection.channel));
        connections.clear();
        CloseHelper.quietCloseAll(server, selector);
        if (null != socketFile)
        {
            try
            {
                Files.deleteIfExists(socketFile);
            }
            catch (final IOException ex)
            {
                countIoError();
            }
        }
    }

    /**
     * The port the server listens on. Any thread.
     *
     * @return the port, or -1 for a UNIX domain socket.
     */
    public int localPort()
    {
        return localPort;
    }

    /**
     * Connections open now. Agent thread.
     *
     * @return the count.
     */
    public int connectionCount()
    {
        return connections.size();
    }

    /**
     * Connections accepted so far. Any thread.
     *
     * @return the count.
     */
    public long acceptedConnections()
    {
        return accepted;
    }

    /**
     * Connections that closed (by the peer or after an error). Any thread.
     *
     * @return the count.
     */
    public long disconnects()
    {
        return disconnects;
    }

    @Override
    boolean deliver(final int type, final long ingestNs, final long id, final MemorySegment memory, final long offset,
        final int length)
    {
        final Connection connection = connections.get(id);
        if (connection == null || length > connection.send.capacity())
        {
            reportUndelivered(ingestNs, id, memory, offset, length);
            return true;
        }
        if (!connection.send.append(memory, offset, length))
        {
            flush(connection);
            if (connection.closed)
            {
                reportUndelivered(ingestNs, id, memory, offset, length);
                return true;
            }
            if (!connection.send.append(memory, offset, length))
            {
                return false;
            }
        }
        if (!connection.dirty)
        {
            connection.dirty = true;
            dirty.add(connection);
        }
        return true;
    }

    private void onReady(final SelectionKey key)
    {
        if (key == acceptKey)
        {
            if (!readsStopped)
            {
                accept();
            }
            return;
        }
        final Connection connection = (Connection)key.attachment();
        if (key.isValid() && key.isWritable())
        {
            flush(connection);
            readyWork++;
        }
        if (pendingRead == null && !readsStopped && !connection.closed && key.isValid() && key.isReadable())
        {
            read(connection);
            readyWork++;
        }
    }

    private void accept()
    {
        SocketChannel channel = null;
        try
        {
            while ((channel = server.accept()) != null)
            {
                channel.configureBlocking(false);
                if (null == socketFile)
                {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                final Connection connection = new Connection(nextConnectionId++, channel, readBufferBytes, sendBufferBytes);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                connections.put(connection.id, connection);
                peer(connection.id, channel.getRemoteAddress());
                accepted = accepted + 1;
                readyWork++;
                channel = null;
            }
        }
        catch (final IOException ex)
        {
            countIoError();
            CloseHelper.quietClose(channel);
        }
    }

    private void read(final Connection connection)
    {
        final ByteBuffer buffer = connection.readBuffer;
        buffer.clear();
        final int read;
        try
        {
            read = connection.channel.read(buffer);
        }
        catch (final IOException ex)
        {
            countIoError();
            close(connection);
            return;
        }
        if (read < 0)
        {
            close(connection);
        }
        else if (read > 0)
        {
            final long ingestNs = clock.nanoTime();
            if (!inbound.offer(TransportDescriptor.DATA_TYPE, ingestNs, connection.id, connection.readSegment, 0, read))
            {
                connection.pendingLength = read;
                connection.pendingIngestNs = ingestNs;
                pendingRead = connection;
            }
        }
    }

    /** Offers the pending end-of-stream frames in order, after a pending read; stops at a full ring. */
    private int offerEnds()
    {
        int work = 0;
        while (pendingRead == null && !pendingEnds.isEmpty())
        {
            if (!inbound.offer(TransportDescriptor.END_TYPE, clock.nanoTime(), pendingEnds.peekLong(), noPayload, 0, 0))
            {
                break;
            }
            pendingEnds.pollLong();
            work++;
        }
        return work;
    }

    private int flushDirty()
    {
        final ArrayList<Connection> dirty = this.dirty;
        final int size = dirty.size();
        for (int i = 0; i < size; i++)
        {
            final Connection connection = dirty.get(i);
            connection.dirty = false;
            if (!connection.closed)
            {
                flush(connection);
            }
        }
        dirty.clear();
        return size;
    }

    private void flush(final Connection connection)
    {
        try
        {
            connection.send.flush(connection.channel);
        }
        catch (final IOException ex)
        {
            countIoError();
            close(connection);
            return;
        }
        final boolean wantWrite = !connection.send.isEmpty();
        if (wantWrite != connection.writeInterest)
        {
            connection.writeInterest = wantWrite;
            connection.key.interestOps(wantWrite ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private void close(final Connection connection)
    {
        connection.closed = true;
        connections.remove(connection.id);
        connection.key.cancel();
        CloseHelper.quietClose(connection.channel);
        countUndelivered(connection.send.clear());
        disconnects = disconnects + 1;
        if (!streamsEnded)
        {
            pendingEnds.addLong(connection.id);
            offerEnds();
        }
    }
}
