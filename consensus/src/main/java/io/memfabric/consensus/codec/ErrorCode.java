/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

/**
 * Why a request failed, carried by ERROR as an i32.
 */
public enum ErrorCode
{
    /** The message is shorter than its layout, its lengths disagree, or a field is out of range. */
    MALFORMED(1),
    /** The template id names no request. */
    UNKNOWN_TEMPLATE(2),
    /** The schema version is not one this service speaks. */
    UNSUPPORTED_VERSION(3),
    /** The client has no live lease: send CONNECT first (after expiry everything it held is gone). */
    NOT_CONNECTED(4),
    /** The lock is not held by this (client, owner). */
    NOT_OWNER(5),
    /** The fencing token is not the one of the lock's current grant to this client. */
    STALE_TOKEN(6),
    /** The object does not exist (never allocated, or allocated and never written or created as a root). */
    NO_SUCH_OBJECT(7),
    /** The request id lies below the deduplication window: it may have been applied; its answer is gone. */
    DUPLICATE_TOO_OLD(8),
    /** A limit was exceeded, e.g. a slot index, a string length or an id range. */
    LIMIT_EXCEEDED(9),
    /** The service hit a bug handling this message; it is counted and the message had no effect it could undo. */
    INTERNAL(10);

    private static final ErrorCode[] BY_VALUE = new ErrorCode[16];

    static
    {
        for (final ErrorCode code : values())
        {
            BY_VALUE[code.value] = code;
        }
    }

    private final int value;

    ErrorCode(final int value)
    {
        this.value = value;
    }

    /**
     * @return the value on the wire.
     */
    public int value()
    {
        return value;
    }

    /**
     * @param value on the wire.
     * @return the code, or null when the value names none.
     */
    public static ErrorCode get(final int value)
    {
        return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
}
