package io.temblor.transport;

/**
 * The peers of a server transport's streams, for those that want to know who sent a chunk (capture metadata). Off
 * unless {@link #recordPeers()} was called before the agent starts: then each new connection or datagram peer's
 * address is kept (one entry per stream, made when the stream starts, not per frame) until {@link #forgetPeer}.
 */
public interface PeerDirectory
{
    /**
     * Starts keeping peer addresses; call before the agent runs.
     */
    void recordPeers();

    /**
     * The peer of a stream. Any thread; a stream's entry is visible to whoever reads the stream's first frame.
     *
     * @param id the stream (connection or datagram peer) id of a frame.
     * @return {@code host:port}, a socket path, or null when unknown or not recorded.
     */
    String peer(long id);

    /**
     * Drops a stream's entry (its reader saw the stream end). Any thread.
     *
     * @param id the stream id.
     */
    void forgetPeer(long id);
}
