package io.temblor.script.ast;

/**
 * The operations of a {@code patch} expression.
 */
public enum PatchKind
{
    /** {@code insert "k" => v}. */
    INSERT,
    /** {@code upsert "k" => v}. */
    UPSERT,
    /** {@code update "k" => v}. */
    UPDATE,
    /** {@code erase "k"}. */
    ERASE,
    /** {@code move "a" => "b"}. */
    MOVE,
    /** {@code copy "a" => "b"}. */
    COPY,
    /** {@code merge "k" => v}. */
    MERGE,
    /** {@code merge => v}. */
    MERGE_RECORD,
    /** {@code default "k" => v}. */
    DEFAULT,
    /** {@code default => v}. */
    DEFAULT_RECORD
}
