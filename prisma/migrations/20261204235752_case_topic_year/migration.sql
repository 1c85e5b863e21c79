-- CreateTable
CREATE TABLE "CaseTopicYear" (
    "year" INTEGER NOT NULL,
    "caseId" TEXT NOT NULL,
    "topicId" INTEGER NOT NULL,
    "mentions" INTEGER NOT NULL,

    PRIMARY KEY ("year", "caseId", "topicId")
);

-- Facts for the annual statistics (decision 044): per (year, case, topic) the number of the case's
-- contacts dated in that year that carry the topic. Invariant, kept by the triggers below on every
-- write path (app, import, generator, retention erasure, raw SQL) and checked by
-- tests/case-topic-year.test.ts: the table equals
--   SELECT year(k.date), k.caseId, tp.topicId, count(*) FROM Contact k JOIN ContactTopic tp ... GROUP BY 1, 2, 3
-- with no zero rows. A contact's year is the Y with isoBound(Y) <= date < isoBound(Y + 1), exactly
-- the statistics' bounds (app/models/statistics.server.ts): the year of the text's first four
-- digits, one less for a text that sorts before that year's first instant.
INSERT INTO "CaseTopicYear" ("year", "caseId", "topicId", "mentions")
SELECT CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00'),
  k."caseId", tp."topicId", count(*)
FROM "Contact" k CROSS JOIN "ContactTopic" tp ON tp."contactId" = k."id"
GROUP BY 1, k."caseId", tp."topicId";

-- A topic added to a contact: one more mention in the contact's (year, case, topic).
CREATE TRIGGER "CaseTopicYear_topic_insert" AFTER INSERT ON "ContactTopic"
BEGIN
  INSERT INTO "CaseTopicYear" ("year", "caseId", "topicId", "mentions")
  SELECT CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00'),
    k."caseId", NEW."topicId", 1
  FROM "Contact" k WHERE k."id" = NEW."contactId"
  ON CONFLICT ("year", "caseId", "topicId") DO UPDATE SET "mentions" = "mentions" + 1;
END;

-- A topic removed from a contact: one fewer, and no row at zero. When the contact itself is being
-- deleted its row may already be gone; then the contact's own trigger below recounts.
CREATE TRIGGER "CaseTopicYear_topic_delete" AFTER DELETE ON "ContactTopic"
BEGIN
  UPDATE "CaseTopicYear" SET "mentions" = "mentions" - 1
  WHERE "topicId" = OLD."topicId" AND ("year", "caseId") IN (
    SELECT CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00'), k."caseId"
    FROM "Contact" k WHERE k."id" = OLD."contactId");
  DELETE FROM "CaseTopicYear" WHERE "topicId" = OLD."topicId" AND "mentions" <= 0;
END;

-- A contact-topic row changed in place (no code does it; raw SQL could): remove, then add.
CREATE TRIGGER "CaseTopicYear_topic_update" AFTER UPDATE OF "contactId", "topicId" ON "ContactTopic"
BEGIN
  UPDATE "CaseTopicYear" SET "mentions" = "mentions" - 1
  WHERE "topicId" = OLD."topicId" AND ("year", "caseId") IN (
    SELECT CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00'), k."caseId"
    FROM "Contact" k WHERE k."id" = OLD."contactId");
  DELETE FROM "CaseTopicYear" WHERE "topicId" = OLD."topicId" AND "mentions" <= 0;
  INSERT INTO "CaseTopicYear" ("year", "caseId", "topicId", "mentions")
  SELECT CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00'),
    k."caseId", NEW."topicId", 1
  FROM "Contact" k WHERE k."id" = NEW."contactId"
  ON CONFLICT ("year", "caseId", "topicId") DO UPDATE SET "mentions" = "mentions" + 1;
END;

-- A contact deleted (also by its case's deletion, i.e. retention erasure): its (year, case) is
-- recounted from the contacts that remain, whichever order SQLite runs the cascade of its topics in.
CREATE TRIGGER "CaseTopicYear_contact_delete" AFTER DELETE ON "Contact"
BEGIN
  DELETE FROM "CaseTopicYear" WHERE "caseId" = OLD."caseId"
    AND "year" = CAST(substr(OLD."date", 1, 4) AS INTEGER) - (OLD."date" < substr(OLD."date", 1, 4) || '-01-01T00:00:00.000+00:00');
  INSERT INTO "CaseTopicYear" ("year", "caseId", "topicId", "mentions")
  SELECT CAST(substr(OLD."date", 1, 4) AS INTEGER) - (OLD."date" < substr(OLD."date", 1, 4) || '-01-01T00:00:00.000+00:00'),
    OLD."caseId", tp."topicId", count(*)
  FROM "Contact" k CROSS JOIN "ContactTopic" tp ON tp."contactId" = k."id"
  WHERE k."caseId" = OLD."caseId"
    AND CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00')
      = CAST(substr(OLD."date", 1, 4) AS INTEGER) - (OLD."date" < substr(OLD."date", 1, 4) || '-01-01T00:00:00.000+00:00')
  GROUP BY tp."topicId";
END;

-- A contact moved to another day or case: the old and the new (year, case) are both recounted
-- (a move within the same year and case changes nothing and is skipped).
CREATE TRIGGER "CaseTopicYear_contact_update" AFTER UPDATE OF "date", "caseId" ON "Contact"
WHEN OLD."caseId" IS NOT NEW."caseId"
  OR CAST(substr(OLD."date", 1, 4) AS INTEGER) - (OLD."date" < substr(OLD."date", 1, 4) || '-01-01T00:00:00.000+00:00')
    IS NOT CAST(substr(NEW."date", 1, 4) AS INTEGER) - (NEW."date" < substr(NEW."date", 1, 4) || '-01-01T00:00:00.000+00:00')
BEGIN
  DELETE FROM "CaseTopicYear" WHERE ("caseId" = OLD."caseId"
      AND "year" = CAST(substr(OLD."date", 1, 4) AS INTEGER) - (OLD."date" < substr(OLD."date", 1, 4) || '-01-01T00:00:00.000+00:00'))
    OR ("caseId" = NEW."caseId"
      AND "year" = CAST(substr(NEW."date", 1, 4) AS INTEGER) - (NEW."date" < substr(NEW."date", 1, 4) || '-01-01T00:00:00.000+00:00'));
  INSERT INTO "CaseTopicYear" ("year", "caseId", "topicId", "mentions")
  SELECT t.y, t.caseId, tp."topicId", count(*)
  FROM (SELECT OLD."caseId" AS caseId,
          CAST(substr(OLD."date", 1, 4) AS INTEGER) - (OLD."date" < substr(OLD."date", 1, 4) || '-01-01T00:00:00.000+00:00') AS y
        UNION
        SELECT NEW."caseId",
          CAST(substr(NEW."date", 1, 4) AS INTEGER) - (NEW."date" < substr(NEW."date", 1, 4) || '-01-01T00:00:00.000+00:00')) t
  CROSS JOIN "Contact" k ON k."caseId" = t.caseId
  CROSS JOIN "ContactTopic" tp ON tp."contactId" = k."id"
  WHERE CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00') = t.y
  GROUP BY t.y, t.caseId, tp."topicId";
END;

ANALYZE "CaseTopicYear";
