package io.temblor.json;

/** The type of a JSON value on the tape, as reported by cursors. */
public enum JsonType
{
    /** null. */
    NULL,
    /** true or false. */
    BOOLEAN,
    /** A signed 64-bit integer. */
    INT64,
    /** An unsigned 64-bit integer above {@link Long#MAX_VALUE}. */
    UINT64,
    /** A double. */
    DOUBLE,
    /** A string. */
    STRING,
    /** An array. */
    ARRAY,
    /** An object (record). */
    OBJECT
}
