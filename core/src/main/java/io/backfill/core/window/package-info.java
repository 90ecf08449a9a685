/**
 * Weekly windows: the one model of "Monday to Friday, 08:00 to 18:00 in Europe/Berlin" that the
 * executor's peak windows and the planner's allowed windows share.
 *
 * <ul>
 *   <li>{@link io.backfill.core.window.WeeklyWindow}: days of the week plus a local start and end time.
 *       The rules (overnight windows, {@code start == end}, days, DST) are on that class.
 *   <li>{@link io.backfill.core.window.WeeklySchedule}: windows read in one time zone; answers whether an
 *       instant is inside and which {@link io.backfill.core.window.Opening}s fall in an interval. What an
 *       empty schedule means (never peak, always allowed) is the caller's policy, not the schedule's.
 *   <li>{@link io.backfill.core.window.WeeklyWindowSyntax}: the one text form, {@code MON-FRI 08:00-18:00},
 *       and the reading of days and times given separately (the {@code TimeWindow} Avro record).
 * </ul>
 */
package io.backfill.core.window;
