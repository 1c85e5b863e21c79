-- R1 in German time (docs/statistics.md R1, decision 029's second addendum): the cases of the year
-- (CaseYear, decision 047) take an instant's year and day as they were in Germany, as the
-- statement does since R1 changed; calendar days (stored at UTC midnight) keep their own day.
-- Changed against migration 20261205052152_case_year, nothing else: the year of a stored value is
-- strftime('%Y', value, '+1 hour') (Germany is on UTC+1 at every turn of the year), a year's
-- bounds are midnight in Germany ((Y-1)-12-31T23:00:00.000+00:00), and a programme period's day
-- is the German day of its start (the rule of app/models/office-calendar.server.ts, written out:
-- UTC+2 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October).
-- The triggers are created anew with these expressions and the table is filled afresh.

DROP TRIGGER IF EXISTS "CaseYear_recount";
DROP TRIGGER IF EXISTS "CaseYear_contact_insert";
DROP TRIGGER IF EXISTS "CaseYear_contact_delete";
DROP TRIGGER IF EXISTS "CaseYear_contact_update";
DROP TRIGGER IF EXISTS "CaseYear_status_insert";
DROP TRIGGER IF EXISTS "CaseYear_status_delete";
DROP TRIGGER IF EXISTS "CaseYear_status_update";
DROP TRIGGER IF EXISTS "CaseYear_case_insert";
DROP TRIGGER IF EXISTS "CaseYear_case_update";
DROP TRIGGER IF EXISTS "CaseYear_case_delete";
DROP TRIGGER IF EXISTS "CaseYear_referral_insert";
DROP TRIGGER IF EXISTS "CaseYear_referral_delete";
DROP TRIGGER IF EXISTS "CaseYear_referral_update";
DROP TRIGGER IF EXISTS "CaseYear_mediation_insert";
DROP TRIGGER IF EXISTS "CaseYear_mediation_delete";
DROP TRIGGER IF EXISTS "CaseYear_mediation_update";
DROP TRIGGER IF EXISTS "CaseYear_participant_insert";
DROP TRIGGER IF EXISTS "CaseYear_participant_delete";
DROP TRIGGER IF EXISTS "CaseYear_participant_update";
DROP TRIGGER IF EXISTS "CaseYear_session_update";
DROP TRIGGER IF EXISTS "CaseYear_programme_insert";
DROP TRIGGER IF EXISTS "CaseYear_programme_delete";
DROP TRIGGER IF EXISTS "CaseYear_programme_update";
DROP VIEW IF EXISTS "CaseYearRecount";
DELETE FROM "CaseYear";

-- Backfill with the statement's own definitions (c0, cand, cy; the programme facts as a programme
-- scope computes them; R2a as the `cases.closure-only` row did) for every year from the first
-- case's opening to the last dated row.
INSERT INTO "CaseYear" ("year", "caseId", "firstContact", "closedInYear", "reasonId", "closureOnly", "programme", "yearProgramme", "programmeChanged")
WITH RECURSIVE
span AS (
  SELECT (SELECT min("openedAt") FROM "Case") AS firstDay, max(d) AS lastDay FROM (
    SELECT max("openedAt") AS d FROM "Case" UNION ALL SELECT max("closedAt") FROM "Case"
    UNION ALL SELECT max("date") FROM "Contact" UNION ALL SELECT max("at") FROM "CaseStatusChange"
    UNION ALL SELECT max("sentAt") FROM "Referral" UNION ALL SELECT max("performedAt") FROM "LanguageMediation"
    UNION ALL SELECT max("requestedAt") FROM "LanguageMediation" UNION ALL SELECT max("date") FROM "GroupSession")
),
years ("year") AS (
  SELECT CAST(strftime('%Y', firstDay, '+1 hour') AS INTEGER) FROM span WHERE firstDay IS NOT NULL
  UNION ALL
  SELECT "year" + 1 FROM years CROSS JOIN span WHERE "year" < CAST(strftime('%Y', lastDay, '+1 hour') AS INTEGER)
),
bounds AS MATERIALIZED (
  SELECT "year", printf('%04d-12-31T23:00:00.000+00:00', "year" - 1) AS ys, printf('%04d-12-31T23:00:00.000+00:00', "year" + 1 - 1) AS ye FROM years
),
c0 AS MATERIALIZED (
  SELECT b."year", b.ys, b.ye, c."id" AS caseId, c."openedAt" AS openedAt, c."closedAt" AS closedAt,
    (SELECT min(k."date") FROM "Contact" k WHERE k."caseId" = c."id" AND k."date" >= b.ys AND k."date" < b.ye) AS firstContact
  FROM bounds b CROSS JOIN "Case" c
  WHERE c."openedAt" < b.ye
),
cand AS MATERIALIZED (
  SELECT "year", ys, ye, caseId, firstContact FROM c0
  WHERE openedAt >= ys
    OR firstContact IS NOT NULL
    OR (closedAt >= ys AND closedAt < ye)
    OR EXISTS (SELECT 1 FROM "CaseStatusChange" s WHERE s."caseId" = c0.caseId AND s."at" >= c0.ys AND s."at" < c0.ye AND +s."toStatus" = 'CLOSED')
    OR EXISTS (SELECT 1 FROM "Referral" r WHERE r."caseId" = c0.caseId AND r."sentAt" >= c0.ys AND r."sentAt" < c0.ye)
    OR EXISTS (SELECT 1 FROM "LanguageMediation" m WHERE m."caseId" = c0.caseId
      AND ((m."performedAt" >= c0.ys AND m."performedAt" < c0.ye) OR (m."requestedAt" >= c0.ys AND m."requestedAt" < c0.ye)))
    OR EXISTS (SELECT 1 FROM "GroupSessionParticipant" gp CROSS JOIN "GroupSession" g ON g."id" = gp."groupSessionId"
      WHERE gp."caseId" = c0.caseId AND g."date" >= c0.ys AND g."date" < c0.ye)
),
pm AS MATERIALIZED (
  SELECT "caseId" FROM "ProgrammePeriod" GROUP BY "caseId" HAVING count(*) > 1
),
cy AS (
  SELECT cand."year", cand.caseId, cand.firstContact,
    CASE WHEN sc.rowid IS NOT NULL THEN (sc."toStatus" = 'CLOSED' AND sc."at" >= cand.ys)
      ELSE (c."status" = 'CLOSED' AND c."closedAt" >= cand.ys AND c."closedAt" < cand.ye) END AS closedInYear,
    CASE WHEN sc.rowid IS NOT NULL THEN coalesce(sc."closureReasonId", c."closureReasonId") ELSE c."closureReasonId" END AS reasonId,
    CASE WHEN c."openedAt" >= cand.ys OR cand.firstContact IS NOT NULL THEN 0
      WHEN EXISTS (SELECT 1 FROM "Referral" r WHERE r."caseId" = cand.caseId AND r."sentAt" >= cand.ys AND r."sentAt" < cand.ye) THEN 0
      WHEN EXISTS (SELECT 1 FROM "LanguageMediation" m WHERE m."caseId" = cand.caseId
        AND ((m."performedAt" >= cand.ys AND m."performedAt" < cand.ye) OR (m."requestedAt" >= cand.ys AND m."requestedAt" < cand.ye))) THEN 0
      WHEN EXISTS (SELECT 1 FROM "GroupSessionParticipant" gp CROSS JOIN "GroupSession" g ON g."id" = gp."groupSessionId"
        WHERE gp."caseId" = cand.caseId AND g."date" >= cand.ys AND g."date" < cand.ye) THEN 0
      ELSE 1 END AS closureOnly,
    CASE WHEN c."id" IN (SELECT "caseId" FROM pm) THEN coalesce(
        (SELECT p."programme" FROM "ProgrammePeriod" p WHERE p."caseId" = c."id"
          AND date(p."validFrom", CASE WHEN p."validFrom" >= (date(substr(p."validFrom", 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND p."validFrom" < (date(substr(p."validFrom", 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END) <= coalesce(substr(cand.firstContact, 1, 10), date(max(c."openedAt", cand.ys), CASE WHEN max(c."openedAt", cand.ys) >= (date(substr(max(c."openedAt", cand.ys), 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND max(c."openedAt", cand.ys) < (date(substr(max(c."openedAt", cand.ys), 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END))
          ORDER BY p."validFrom" DESC LIMIT 1),
        (SELECT p."programme" FROM "ProgrammePeriod" p WHERE p."caseId" = c."id" ORDER BY p."validFrom" LIMIT 1),
        c."programme")
      ELSE coalesce((SELECT p."programme" FROM "ProgrammePeriod" p WHERE p."caseId" = c."id"), c."programme") END AS programme,
    CASE WHEN c."id" IN (SELECT "caseId" FROM pm) THEN coalesce(
        (SELECT p."programme" FROM "ProgrammePeriod" p WHERE p."caseId" = c."id"
          AND date(p."validFrom", CASE WHEN p."validFrom" >= (date(substr(p."validFrom", 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND p."validFrom" < (date(substr(p."validFrom", 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END) <= date(cand.ys, CASE WHEN cand.ys >= (date(substr(cand.ys, 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND cand.ys < (date(substr(cand.ys, 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END) ORDER BY p."validFrom" DESC LIMIT 1),
        (SELECT p."programme" FROM "ProgrammePeriod" p WHERE p."caseId" = c."id" ORDER BY p."validFrom" LIMIT 1),
        c."programme") END AS yearProgramme,
    CASE WHEN c."id" IN (SELECT "caseId" FROM pm) THEN EXISTS (SELECT 1 FROM "ProgrammePeriod" p WHERE p."caseId" = c."id"
        AND date(p."validFrom", CASE WHEN p."validFrom" >= (date(substr(p."validFrom", 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND p."validFrom" < (date(substr(p."validFrom", 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END) > date(cand.ys, CASE WHEN cand.ys >= (date(substr(cand.ys, 1, 4) || '-04-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') AND cand.ys < (date(substr(cand.ys, 1, 4) || '-11-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00') THEN '+2 hours' ELSE '+1 hour' END) AND p."validFrom" < cand.ye) ELSE 0 END AS programmeChanged
  FROM cand CROSS JOIN "Case" c ON c."id" = cand.caseId
  LEFT JOIN "CaseStatusChange" sc ON sc.rowid = (
    SELECT s.rowid FROM "CaseStatusChange" s WHERE s."caseId" = cand.caseId AND s."at" < cand.ye ORDER BY s."at" DESC LIMIT 1)
)
SELECT "year", caseId, firstContact, coalesce(closedInYear, 0), CASE WHEN closedInYear THEN reasonId END, closureOnly,
  programme, yearProgramme, programmeChanged
FROM cy;

-- The triggers name the (year, case) pairs a write may change by inserting them into this view;
-- its one INSTEAD OF trigger recomputes each such row from the source rows, so the definition of
-- a row exists once (beside the backfill above) and no trigger adds or subtracts: the order in
-- which SQLite runs a cascade cannot matter. The view itself is always empty.
CREATE VIEW "CaseYearRecount" AS SELECT NULL AS "year", NULL AS "caseId" WHERE 0;

-- The row of one (year, case): the same definitions as the backfill, for one case. A case that is
-- not a case of the year (or no longer exists) has no row.
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
        OR EXISTS (SELECT 1 FROM "CaseStatusChange" s WHERE s."caseId" = c."id" AND s."at" >= b.ys AND s."at" < b.ye AND s."toStatus" = 'CLOSED') AS closure,
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

-- Contact (R2: a contact in Y; the first contact of Y and with it R4's programme): the contact's
-- year, before and after.
CREATE TRIGGER "CaseYear_contact_insert" AFTER INSERT ON "Contact"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId") VALUES (CAST(strftime('%Y', NEW."date", '+1 hour') AS INTEGER), NEW."caseId");
END;

CREATE TRIGGER "CaseYear_contact_delete" AFTER DELETE ON "Contact"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId") VALUES (CAST(strftime('%Y', OLD."date", '+1 hour') AS INTEGER), OLD."caseId");
END;

-- Any change of the day (also within the year: the first contact of Y may move).
CREATE TRIGGER "CaseYear_contact_update" AFTER UPDATE OF "date", "caseId" ON "Contact"
WHEN OLD."date" IS NOT NEW."date" OR OLD."caseId" IS NOT NEW."caseId"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', OLD."date", '+1 hour') AS INTEGER), OLD."caseId" UNION SELECT CAST(strftime('%Y', NEW."date", '+1 hour') AS INTEGER), NEW."caseId";
END;

-- CaseStatusChange (R2: a closure in Y; R6: the last status change up to the end of Y): the
-- change's year, and every later year the case already counts in — there the change may now be
-- the last one up to the end of that year, which replaces the fallback on the case's own columns.
CREATE TRIGGER "CaseYear_status_insert" AFTER INSERT ON "CaseStatusChange"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', NEW."at", '+1 hour') AS INTEGER), NEW."caseId"
  UNION SELECT "year", "caseId" FROM "CaseYear" WHERE "caseId" = NEW."caseId" AND "year" > CAST(strftime('%Y', NEW."at", '+1 hour') AS INTEGER);
END;

CREATE TRIGGER "CaseYear_status_delete" AFTER DELETE ON "CaseStatusChange"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', OLD."at", '+1 hour') AS INTEGER), OLD."caseId"
  UNION SELECT "year", "caseId" FROM "CaseYear" WHERE "caseId" = OLD."caseId" AND "year" > CAST(strftime('%Y', OLD."at", '+1 hour') AS INTEGER);
END;

CREATE TRIGGER "CaseYear_status_update" AFTER UPDATE OF "caseId", "at", "toStatus", "closureReasonId" ON "CaseStatusChange"
WHEN OLD."caseId" IS NOT NEW."caseId" OR OLD."at" IS NOT NEW."at" OR OLD."toStatus" IS NOT NEW."toStatus"
  OR OLD."closureReasonId" IS NOT NEW."closureReasonId"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', OLD."at", '+1 hour') AS INTEGER), OLD."caseId"
  UNION SELECT "year", "caseId" FROM "CaseYear" WHERE "caseId" = OLD."caseId" AND "year" > CAST(strftime('%Y', OLD."at", '+1 hour') AS INTEGER)
  UNION SELECT CAST(strftime('%Y', NEW."at", '+1 hour') AS INTEGER), NEW."caseId"
  UNION SELECT "year", "caseId" FROM "CaseYear" WHERE "caseId" = NEW."caseId" AND "year" > CAST(strftime('%Y', NEW."at", '+1 hour') AS INTEGER);
END;

-- Case: a new case counts in the year of its opening (and of a closure date it is created with).
CREATE TRIGGER "CaseYear_case_insert" AFTER INSERT ON "Case"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', NEW."openedAt", '+1 hour') AS INTEGER), NEW."id" UNION SELECT CAST(strftime('%Y', NEW."closedAt", '+1 hour') AS INTEGER), NEW."id";
END;

-- The opening (R2 and "opened before the end of Y"), the closure date and status (R2, R6's
-- fallback), the closure reason (R6) and the current programme (R4's fallback): every year the case
-- counts in, and every year it may count in now — the years of its opening, closure dates and
-- activity. Rare writes (closing, reopening, editing the programme; the opening is never edited by
-- the app), so the full recount is affordable.
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
  UNION SELECT CAST(strftime('%Y', "at", '+1 hour') AS INTEGER), "caseId" FROM "CaseStatusChange" WHERE "caseId" = NEW."id" AND "toStatus" = 'CLOSED'
  UNION SELECT CAST(strftime('%Y', "sentAt", '+1 hour') AS INTEGER), "caseId" FROM "Referral" WHERE "caseId" = NEW."id"
  UNION SELECT CAST(strftime('%Y', "performedAt", '+1 hour') AS INTEGER), "caseId" FROM "LanguageMediation" WHERE "caseId" = NEW."id"
  UNION SELECT CAST(strftime('%Y', "requestedAt", '+1 hour') AS INTEGER), "caseId" FROM "LanguageMediation" WHERE "caseId" = NEW."id"
  UNION SELECT CAST(strftime('%Y', g."date", '+1 hour') AS INTEGER), gp."caseId" FROM "GroupSessionParticipant" gp CROSS JOIN "GroupSession" g ON g."id" = gp."groupSessionId"
    WHERE gp."caseId" = NEW."id";
END;

-- A case deleted (erasure deletes the client, which cascades): none of its rows stay. The rows its
-- cascading children recount afterwards find no case and stay away.
CREATE TRIGGER "CaseYear_case_delete" AFTER DELETE ON "Case"
BEGIN
  DELETE FROM "CaseYear" WHERE "caseId" = OLD."id";
END;

-- Referral (R2: a referral sent in Y; R2a).
CREATE TRIGGER "CaseYear_referral_insert" AFTER INSERT ON "Referral"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId") VALUES (CAST(strftime('%Y', NEW."sentAt", '+1 hour') AS INTEGER), NEW."caseId");
END;

CREATE TRIGGER "CaseYear_referral_delete" AFTER DELETE ON "Referral"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId") VALUES (CAST(strftime('%Y', OLD."sentAt", '+1 hour') AS INTEGER), OLD."caseId");
END;

CREATE TRIGGER "CaseYear_referral_update" AFTER UPDATE OF "sentAt", "caseId" ON "Referral"
WHEN OLD."sentAt" IS NOT NEW."sentAt" OR OLD."caseId" IS NOT NEW."caseId"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', OLD."sentAt", '+1 hour') AS INTEGER), OLD."caseId" UNION SELECT CAST(strftime('%Y', NEW."sentAt", '+1 hour') AS INTEGER), NEW."caseId";
END;

-- LanguageMediation (R2: a mediation performed or requested in Y; R2a).
CREATE TRIGGER "CaseYear_mediation_insert" AFTER INSERT ON "LanguageMediation"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', NEW."requestedAt", '+1 hour') AS INTEGER), NEW."caseId" UNION SELECT CAST(strftime('%Y', NEW."performedAt", '+1 hour') AS INTEGER), NEW."caseId";
END;

CREATE TRIGGER "CaseYear_mediation_delete" AFTER DELETE ON "LanguageMediation"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', OLD."requestedAt", '+1 hour') AS INTEGER), OLD."caseId" UNION SELECT CAST(strftime('%Y', OLD."performedAt", '+1 hour') AS INTEGER), OLD."caseId";
END;

CREATE TRIGGER "CaseYear_mediation_update" AFTER UPDATE OF "requestedAt", "performedAt", "caseId" ON "LanguageMediation"
WHEN OLD."requestedAt" IS NOT NEW."requestedAt" OR OLD."performedAt" IS NOT NEW."performedAt" OR OLD."caseId" IS NOT NEW."caseId"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', OLD."requestedAt", '+1 hour') AS INTEGER), OLD."caseId" UNION SELECT CAST(strftime('%Y', OLD."performedAt", '+1 hour') AS INTEGER), OLD."caseId"
  UNION SELECT CAST(strftime('%Y', NEW."requestedAt", '+1 hour') AS INTEGER), NEW."caseId" UNION SELECT CAST(strftime('%Y', NEW."performedAt", '+1 hour') AS INTEGER), NEW."caseId";
END;

-- GroupSessionParticipant (R2, R18: a group session dated in Y; R2a). A participation removed can
-- only take a case out of a year it counts in, so the case's existing rows are recounted: this
-- holds also when the session itself is being deleted and its day can no longer be read.
CREATE TRIGGER "CaseYear_participant_insert" AFTER INSERT ON "GroupSessionParticipant"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', g."date", '+1 hour') AS INTEGER), NEW."caseId" FROM "GroupSession" g WHERE g."id" = NEW."groupSessionId";
END;

CREATE TRIGGER "CaseYear_participant_delete" AFTER DELETE ON "GroupSessionParticipant"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT "year", "caseId" FROM "CaseYear" WHERE "caseId" = OLD."caseId";
END;

-- Also the case's deletion, which sets the participation's caseId to NULL.
CREATE TRIGGER "CaseYear_participant_update" AFTER UPDATE OF "caseId", "groupSessionId" ON "GroupSessionParticipant"
WHEN OLD."caseId" IS NOT NEW."caseId" OR OLD."groupSessionId" IS NOT NEW."groupSessionId"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT "year", "caseId" FROM "CaseYear" WHERE "caseId" = OLD."caseId"
  UNION SELECT CAST(strftime('%Y', g."date", '+1 hour') AS INTEGER), NEW."caseId" FROM "GroupSession" g WHERE g."id" = NEW."groupSessionId";
END;

-- GroupSession: a session moved to another day moves its participants' activity. A session deleted
-- needs no trigger of its own: its participations go by cascade (foreign keys are on in every
-- connection of the app), and each recounts its case's rows once the session is gone.
CREATE TRIGGER "CaseYear_session_update" AFTER UPDATE OF "date" ON "GroupSession"
WHEN OLD."date" IS NOT NEW."date"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT CAST(strftime('%Y', OLD."date", '+1 hour') AS INTEGER), gp."caseId" FROM "GroupSessionParticipant" gp WHERE gp."groupSessionId" = NEW."id"
  UNION SELECT CAST(strftime('%Y', NEW."date", '+1 hour') AS INTEGER), gp."caseId" FROM "GroupSessionParticipant" gp WHERE gp."groupSessionId" = NEW."id";
END;

-- ProgrammePeriod (R4, R17): the programme facts of every year the case counts in.
CREATE TRIGGER "CaseYear_programme_insert" AFTER INSERT ON "ProgrammePeriod"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId") SELECT "year", "caseId" FROM "CaseYear" WHERE "caseId" = NEW."caseId";
END;

CREATE TRIGGER "CaseYear_programme_delete" AFTER DELETE ON "ProgrammePeriod"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId") SELECT "year", "caseId" FROM "CaseYear" WHERE "caseId" = OLD."caseId";
END;

CREATE TRIGGER "CaseYear_programme_update" AFTER UPDATE OF "caseId", "programme", "validFrom" ON "ProgrammePeriod"
WHEN OLD."caseId" IS NOT NEW."caseId" OR OLD."programme" IS NOT NEW."programme" OR OLD."validFrom" IS NOT NEW."validFrom"
BEGIN
  INSERT INTO "CaseYearRecount" ("year", "caseId")
  SELECT "year", "caseId" FROM "CaseYear" WHERE "caseId" IN (OLD."caseId", NEW."caseId");
END;

ANALYZE "CaseYear";
