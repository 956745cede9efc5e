package org.parallel4j.pool;

/** When {@link Futures#wait} returns, as {@code concurrent.futures.wait}'s {@code return_when}. */
public enum ReturnWhen {
    /** As soon as any future completes. */
    FIRST_COMPLETED,
    /** As soon as any future fails, or all complete. */
    FIRST_EXCEPTION,
    /** When all complete. */
    ALL_COMPLETED
}
