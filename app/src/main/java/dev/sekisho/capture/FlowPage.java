package dev.sekisho.capture;

import java.time.Instant;
import java.util.List;

/**
 * One answer to a {@link FlowQuery}.
 *
 * @param flows the matching flows in the asked order, at most the query's limit
 * @param matched how many flows matched before the limit
 * @param total flows in the snapshot
 * @param takenAt when the snapshot was taken
 */
public record FlowPage(List<NamedFlow> flows, int matched, int total, Instant takenAt) {}
