package dev.telltale.detect.radioactivity;

import java.util.Map;

/**
 * What a closed-model test asked the suspect and what it got: a failed request is one that still failed
 * after every retry; its samples are missing from the pooled test and counted here, never silently dropped.
 *
 * @param requested      requests the test needed (prompts × samples)
 * @param succeeded      requests that returned a completion
 * @param failed         requests given up on
 * @param retries        extra attempts made (errors and timeouts retried with exponential backoff)
 * @param failureReasons why requests failed, e.g. {@code "HTTP 500"} or {@code "timeout"}, with counts
 */
public record RequestStats(long requested, long succeeded, long failed, long retries, Map<String, Long> failureReasons) {
    public RequestStats {
        failureReasons = Map.copyOf(failureReasons);
    }
}
