package dev.telltale.server.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per API token, counting tokens scored per minute (a detection endpoint is an oracle: what
 * an attacker needs is scored tokens, not requests). A request may start while the bucket is not empty and
 * is charged afterwards for what it actually scored, so the balance can go negative; the next request then
 * waits (429 with Retry-After) until the refill brings it back above zero.
 */
public final class RateLimiter {
    private static final class Bucket {
        double balance;
        long lastNanos;
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Refuses the request if the bucket is empty.
     *
     * @param perMinute capacity and refill per minute; 0 = unlimited
     * @throws ApiError 429 with the seconds until the bucket is positive again
     */
    public void check(String tokenId, long perMinute) {
        if (perMinute <= 0) {
            return;
        }
        Bucket b = bucket(tokenId, perMinute);
        synchronized (b) {
            refill(b, perMinute);
            if (b.balance <= 0) {
                long wait = (long) Math.ceil((1 - b.balance) / (perMinute / 60.0));
                throw new ApiError(429, "rate_limited", "rate limit of " + perMinute + " scored tokens per minute reached; retry in "
                        + wait + " s", Math.max(1, wait));
            }
        }
    }

    /** Charges {@code tokens} to the bucket. */
    public void charge(String tokenId, long perMinute, long tokens) {
        if (perMinute <= 0) {
            return;
        }
        Bucket b = bucket(tokenId, perMinute);
        synchronized (b) {
            refill(b, perMinute);
            b.balance -= tokens;
        }
    }

    private Bucket bucket(String tokenId, long perMinute) {
        return buckets.computeIfAbsent(tokenId, k -> {
            Bucket b = new Bucket();
            b.balance = perMinute;
            b.lastNanos = System.nanoTime();
            return b;
        });
    }

    private static void refill(Bucket b, long perMinute) {
        long now = System.nanoTime();
        b.balance = Math.min(perMinute, b.balance + (now - b.lastNanos) * (perMinute / 60e9));
        b.lastNanos = now;
    }
}
