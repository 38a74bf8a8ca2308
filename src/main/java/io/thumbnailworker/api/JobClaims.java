package io.thumbnailworker.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Claiming jobs and the lock rules of each contract, over the one queue. A claim records the contract it came through
 * ({@code claimed_via}), and that contract's rule applies when the lock runs out:
 * <ul>
 *   <li>spec (design §2): the {@link LeaseSweeper} fails the job ({@link #expireLeases}); the attempt counts, and the
 *       job goes back to Pending, or ends Failed when out of attempts;</li>
 *   <li>modelibr: nothing happens until the next dequeue, which may claim the job again, its attempt count reset to 0
 *       before the claim counts one (Modelibr's own behaviour: a job that hangs its worker is retried forever).</li>
 * </ul>
 * Under both rules a lock is extended by a lock period whenever its holder shows it is alive before the lock runs out
 * ({@link JobQueries#extendLease}), and a dequeue never hands a job to the worker that holds it: that worker may still
 * be running it, so a Modelibr job whose lock ran out goes to another worker. Only after a second lock period without
 * a sign of life may its holder take it again (so a worker restarted under the same WORKER_ID is not locked out).
 * Each candidate is taken with a conditional {@code UPDATE} whose row count decides, so two claimers (threads or
 * processes) never get the same job.
 */
final class JobClaims {
  static final String SPEC = "spec";
  static final String MODELIBR = "modelibr";

  /** A claimed job; {@code expiredHolder} is the worker whose Modelibr lock ran out, when the job was taken back. */
  record Claim(JobRow job, String expiredHolder) {}

  private record Candidate(long id, boolean expired, String holder) {}

  /** Parameters: now, the claimer, now minus a lock period. */
  private static final String CLAIMABLE = "(status = 'Pending' OR (status = 'InProgress' AND claimed_via = '"
      + MODELIBR + "' AND lease_expires_at < ? AND (assigned_worker_id <> ? OR lease_expires_at < ?)))";

  private static final Logger LOG = LoggerFactory.getLogger(JobClaims.class);

  private JobClaims() {}

  /** Logs a claim, naming the worker whose Modelibr lock ran out when the job was taken back. */
  static void log(Claim claim, String contract) {
    JobRow job = claim.job();
    if (claim.expiredHolder() != null) {
      LOG.info("Job {} ({}): the lock of worker {} ran out; claimed again by {} through {} with its attempt count reset",
          job.id(), job.asset().assetType(), claim.expiredHolder(), job.assignedWorkerId(), contract);
    } else {
      LOG.info("Job {} ({}) claimed by {} through {} (attempt {} of {})", job.id(), job.asset().assetType(),
          job.assignedWorkerId(), contract, job.attemptCount(), job.maxAttempts());
    }
  }

  /**
   * Claims the oldest claimable job for {@code workerId} through {@code contract}: a Pending one, or one whose
   * Modelibr lock ran out. {@code modelsOnly} limits it to Model jobs (the spec contract knows no other asset type).
   */
  static Optional<Claim> claim(Connection c, String contract, boolean modelsOnly, String workerId, long now, long lockMs)
      throws SQLException {
    // keep trying while claimable jobs exist: losing every candidate to faster claimers must not look like "no job"
    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < giveUpAt) {
      List<Candidate> candidates = candidates(c, modelsOnly, workerId, now, lockMs);
      if (candidates.isEmpty()) return Optional.empty();
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE jobs SET attempt_count = CASE WHEN status = 'Pending' THEN attempt_count + 1 ELSE 1 END, "
              + "status = 'InProgress', claimed_via = ?, assigned_worker_id = ?, last_worker_id = ?, assigned_at = ?, "
              + "lease_expires_at = ?, updated_at = ?, acknowledged_at = NULL WHERE id = ? AND " + CLAIMABLE)) {
        for (Candidate candidate : candidates) {
          ps.setString(1, contract);
          ps.setString(2, workerId);
          ps.setString(3, workerId);
          ps.setLong(4, now);
          ps.setLong(5, now + lockMs);
          ps.setLong(6, now);
          ps.setLong(7, candidate.id());
          ps.setLong(8, now);
          ps.setString(9, workerId);
          ps.setLong(10, now - lockMs);
          if (ps.executeUpdate() == 1) {
            return Optional.of(new Claim(JobQueries.job(c, candidate.id()).orElseThrow(),
                candidate.expired() ? candidate.holder() : null));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static List<Candidate> candidates(Connection c, boolean modelsOnly, String workerId, long now, long lockMs)
      throws SQLException {
    List<Candidate> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, status, assigned_worker_id FROM jobs WHERE " + CLAIMABLE
        + (modelsOnly ? " AND asset_type = '" + JobAsset.MODEL + "'" : "") + " ORDER BY id LIMIT 16")) {
      ps.setLong(1, now);
      ps.setString(2, workerId);
      ps.setLong(3, now - lockMs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new Candidate(rs.getLong(1), !JobRow.PENDING.equals(rs.getString(2)), rs.getString(3)));
      }
    }
    return out;
  }

  /**
   * Fails every job claimed through the spec contract whose lease ran out before {@code now}; each counts as a failed
   * attempt. Jobs claimed through Modelibr's routes are left to {@link #claim}.
   */
  static List<JobQueries.Failure> expireLeases(Connection c, long now) throws SQLException {
    List<JobRow> expired = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + JobRow.COLUMNS + " FROM jobs WHERE status = 'InProgress' "
        + "AND lease_expires_at < ? AND (claimed_via IS NULL OR claimed_via <> '" + MODELIBR + "') "
        + "ORDER BY id LIMIT 100 FOR UPDATE")) {
      ps.setLong(1, now);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) expired.add(JobRow.read(rs));
      }
    }
    List<JobQueries.Failure> out = new ArrayList<>();
    for (JobRow job : expired) {
      long heldMs = now - (job.assignedAt() == null ? now : job.assignedAt());
      out.add(JobQueries.recordFailure(c, job, "lease expired: worker " + job.assignedWorkerId() + " held the job for "
          + heldMs + " ms without completing or failing it (attempt " + job.attemptCount() + " of " + job.maxAttempts()
          + ")", now));
    }
    return out;
  }
}
