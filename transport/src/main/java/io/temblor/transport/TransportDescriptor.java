package io.temblor.transport;

/**
 * The frame types transport agents write to and read from {@link io.temblor.offheap.EventRing}s. Frames keep the
 * ring's layout (ingest_ns, id, payload); the type says what the payload is:
 *
 * <pre>
 *   type           direction   id                                 payload
 *   DATA (1)       in and out  connection or peer id              bytes as read from / to write to the socket
 *   UNDELIVERED    in          id of the outbound frame           the outbound frame's payload (cut to fit the ring)
 *   OVERSIZE       in          peer id (Aeron: session id)        the first bytes of a datagram or message too long
 *   MALFORMED      in          Aeron session id                   an Aeron message shorter than its header
 *   END (19)       in          connection id                      none: no more bytes come from that connection
 * </pre>
 *
 * Outbound frames of any type are sent as they are; only their payload goes on the wire.
 */
public final class TransportDescriptor
{
    /** Bytes received from, or to send to, the connection or peer in the frame's id. */
    public static final int DATA_TYPE = 1;
    /** Error frame: an outbound frame could not be sent (no such connection, peer gone, buffer full while down). */
    public static final int UNDELIVERED_TYPE = 16;
    /** Error frame: a datagram longer than the configured maximum was received and dropped. */
    public static final int OVERSIZE_TYPE = 17;
    /** Error frame: an Aeron message shorter than {@link AeronDescriptor#HEADER_LENGTH} was received and dropped. */
    public static final int MALFORMED_TYPE = 18;

    /**
     * The inbound stream of the connection in the frame's id has ended (no payload): the peer closed it, it failed, or
     * the agent stopped reading. Its data frames all come before; a consumer finishes what it buffered for it. Stream
     * servers only (a datagram has no stream).
     */
    public static final int END_TYPE = 19;

    private TransportDescriptor()
    {
    }
}
