-- Closing a case cost ~200 ms of the single writer on the bench's file of 100,000 cases (docs/performance.md,
-- "Closing a case, session 31"; decision 256): two statements of decision 047's triggers look a case's closures up
-- with a plain `"toStatus" = 'CLOSED'`, and without statistics of CaseStatusChange (the bench's file has none)
-- SQLite takes CaseStatusChange_toStatus_at_idx for them and walks every closure of every case (of the year, in
-- the recount) to find the case's own: the case update's list of years to recount (every closure, reopening,
-- re-dating), and the recount's `closure` (R2), which it evaluates for a year without an opening or a contact of
-- the case (~85 ms each such year). A unary plus on `toStatus` leaves the planner the case's index (caseId, at),
-- as the backfill of 20261205065000 and the recount of tests/case-year.test.ts already write it. The triggers
-- are otherwise unchanged; no row is written (the same conditions, read through another index).

DROP TRIGGER "CaseYear_recount";
DROP TRIGGER "CaseYear_case_update";

CREATE TRIGGER "CaseYear_recount" INSTEAD OF INSERT ON "CaseYearRecount"
WHEN NEW."year" IS NOT NULL AND NEW."caseId" IS NOT NULL
BEGIN
  DELETE FROM "CaseYear" WHERE "year" = NEW."year" AND "caseId" = NEW."caseId";
  INSERT INTO "CaseYear" ("year", "caseId", "firstContact", "closedInYear", "reasonId", "closureOnly", "programme", "yearProgramme", "programmeChanged")
  SELECT NEW."year", f.caseId, f.firstContact, coalesce(f.closedInYear, 0), CASE WHEN f.closedInYear THEN f.reasonId END,
    NOT (f.opened OR f.firstContact IS NOT NULL OR f.referral OR f.mediation OR f.grp),
    CASE WHEN f.periods > 1 THEN coalesce(
        (SELECT p."programme" FROM "ProgrammePeriod" p WHERE p."caseId" = f.caseId
          AND date(p."validFrom", CASE WHEN p."validFrom" >= (date(substr(p."validFrom", 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND p."validFrom" < (date(substr(p."validFrom", 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END) <= coalesce(substr(f.firstContact, 1, 10), date(max(f.openedAt, f.ys), CASE WHEN max(f.openedAt, f.ys) >= (date(substr(max(f.openedAt, f.ys), 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND max(f.openedAt, f.ys) < (date(substr(max(f.openedAt, f.ys), 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END))
          ORDER BY p."validFrom" DESC LIMIT 1),
        (SELECT p."programme" FROM "ProgrammePeriod" p WHERE p."caseId" = f.caseId ORDER BY p."validFrom" LIMIT 1),
        f.currentProgramme)
      ELSE coalesce((SELECT p."programme" FROM "ProgrammePeriod" p WHERE p."caseId" = f.caseId), f.currentProgramme) END,
    CASE WHEN f.periods > 1 THEN coalesce(
        (SELECT p."programme" FROM "ProgrammePeriod" p WHERE p."caseId" = f.caseId
          AND date(p."validFrom", CASE WHEN p."validFrom" >= (date(substr(p."validFrom", 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND p."validFrom" < (date(substr(p."validFrom", 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END) <= date(f.ys, CASE WHEN f.ys >= (date(substr(f.ys, 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND f.ys < (date(substr(f.ys, 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END) ORDER BY p."validFrom" DESC LIMIT 1),
        (SELECT p."programme" FROM "ProgrammePeriod" p WHERE p."caseId" = f.caseId ORDER BY p."validFrom" LIMIT 1),
        f.currentProgramme) END,
    CASE WHEN f.periods > 1 THEN EXISTS (SELECT 1 FROM "ProgrammePeriod" p WHERE p."caseId" = f.caseId
        AND date(p."validFrom", CASE WHEN p."validFrom" >= (date(substr(p."validFrom", 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND p."validFrom" < (date(substr(p."validFrom", 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END) > date(f.ys, CASE WHEN f.ys >= (date(substr(f.ys, 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND f.ys < (date(substr(f.ys, 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END) AND p."validFrom" < f.ye) ELSE 0 END
  FROM (
    SELECT b.ys, b.ye, c."id" AS caseId, c."openedAt" AS openedAt, c."programme" AS currentProgramme,
      c."openedAt" >= b.ys AS opened,
      (SELECT min(k."date") FROM "Contact" k WHERE k."caseId" = c."id" AND k."date" >= b.ys AND k."date" < b.ye) AS firstContact,
      (c."closedAt" >= b.ys AND c."closedAt" < b.ye)
        OR EXISTS (SELECT 1 FROM "CaseStatusChange" s WHERE s."caseId" = c."id" AND s."at" >= b.ys AND s."at" < b.ye AND +s."toStatus" = 'CLOSED') AS closure,
      EXISTS (SELECT 1 FROM "Referral" r WHERE r."caseId" = c."id" AND r."sentAt" >= b.ys AND r."sentAt" < b.ye) AS referral,
      EXISTS (SELECT 1 FROM "LanguageMediation" m WHERE m."caseId" = c."id"
        AND ((m."performedAt" >= b.ys AND m."performedAt" < b.ye) OR (m."requestedAt" >= b.ys AND m."requestedAt" < b.ye))) AS mediation,
      EXISTS (SELECT 1 FROM "GroupSessionParticipant" gp CROSS JOIN "GroupSession" g ON g."id" = gp."groupSessionId"
        WHERE gp."caseId" = c."id" AND g."date" >= b.ys AND g."date" < b.ye) AS grp,
      CASE WHEN sc.rowid IS NOT NULL THEN (sc."toStatus" = 'CLOSED' AND sc."at" >= b.ys)
        ELSE (c."status" = 'CLOSED' AND c."closedAt" >= b.ys AND c."closedAt" < b.ye) END AS closedInYear,
      CASE WHEN sc.rowid IS NOT NULL THEN coalesce(sc."closureReasonId", c."closureReasonId") ELSE c."closureReasonId" END AS reasonId,
      (SELECT count(*) FROM "ProgrammePeriod" p WHERE p."caseId" = c."id") AS periods
    FROM (SELECT printf('%04d-12-31T23:00:00.000+00:00', NEW."year" - 1) AS ys, printf('%04d-12-31T23:00:00.000+00:00', NEW."year" + 1 - 1) AS ye) b
    CROSS JOIN "Case" c ON c."id" = NEW."caseId"
    LEFT JOIN "CaseStatusChange" sc ON sc.rowid = (
      SELECT s.rowid FROM "CaseStatusChange" s WHERE s."caseId" = c."id" AND s."at" < b.ye ORDER BY s."at" DESC LIMIT 1)
    WHERE c."openedAt" < b.ye
  ) f
  WHERE f.opened OR f.firstContact IS NOT NULL OR f.closure OR f.referral OR f.mediation OR f.grp;
END;

CREATE TRIGGER "CaseYear_case_update" AFTER UPDATE OF "openedAt", "closedAt", "status", "closureReasonId", "programme" ON "Case"
WHEN OLD."openedAt" IS NOT NEW."openedAt" OR OLD."closedAt" IS NOT NEW."closedAt" OR OLD."status" IS NOT NEW."status"
  OR OLD."closureReasonId" IS NOT NEW."closureReasonId" OR OLD."programme" IS NOT NEW."programme"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT "year", "caseId" FROM "CaseYear" WHERE "caseId" = NEW."id"
  UNION SELECT CAST(strftime('%Y', NEW."openedAt", '+1 hour') AS INTEGER), NEW."id"
  UNION SELECT CAST(strftime('%Y', OLD."closedAt", '+1 hour') AS INTEGER), NEW."id"
  UNION SELECT CAST(strftime('%Y', NEW."closedAt", '+1 hour') AS INTEGER), NEW."id"
  UNION SELECT CAST(strftime('%Y', "date", '+1 hour') AS INTEGER), "caseId" FROM "Contact" WHERE "caseId" = NEW."id"
  UNION SELECT CAST(strftime('%Y', "at", '+1 hour') AS INTEGER), "caseId" FROM "CaseStatusChange" WHERE "caseId" = NEW."id" AND +"toStatus" = 'CLOSED'
  UNION SELECT CAST(strftime('%Y', "sentAt", '+1 hour') AS INTEGER), "caseId" FROM "Referral" WHERE "caseId" = NEW."id"
  UNION SELECT CAST(strftime('%Y', "performedAt", '+1 hour') AS INTEGER), "caseId" FROM "LanguageMediation" WHERE "caseId" = NEW."id"
  UNION SELECT CAST(strftime('%Y', "requestedAt", '+1 hour') AS INTEGER), "caseId" FROM "LanguageMediation" WHERE "caseId" = NEW."id"
  UNION SELECT CAST(strftime('%Y', g."date", '+1 hour') AS INTEGER), gp."caseId" FROM "GroupSessionParticipant" gp CROSS JOIN "GroupSession" g ON g."id" = gp."groupSessionId"
    WHERE gp."caseId" = NEW."id";
END;
