// Seeded catalogues of PRODUCT.md §3 (German and English labels). Administrators may edit labels,
// add entries and retire entries; codes stay stable because statistics and tests refer to them.
export type CatalogueSeed = { code: string; de: string; en: string; group?: string }

export const PLACES: CatalogueSeed[] = [
  { code: 'EAE_NOSTORF_HORST', de: 'EAE Nostorf-Horst', en: 'EAE Nostorf-Horst', group: 'EAE' },
  { code: 'EAE_SCHWERIN_STERN_BUCHHOLZ', de: 'EAE Außenstelle Schwerin-Stern Buchholz', en: 'EAE branch Schwerin-Stern Buchholz', group: 'EAE' },
  { code: 'LAND_EMERGENCY_ACCOMMODATION', de: 'Notunterkunft des Landes', en: 'Emergency accommodation of the Land', group: 'EAE' },
  { code: 'SN', de: 'Landeshauptstadt Schwerin', en: 'State capital Schwerin', group: 'DISTRICT' },
  { code: 'HRO', de: 'Hanse- und Universitätsstadt Rostock', en: 'Hanseatic and University City of Rostock', group: 'DISTRICT' },
  { code: 'LRO', de: 'Landkreis Rostock', en: 'District of Rostock', group: 'DISTRICT' },
  { code: 'LUP', de: 'Landkreis Ludwigslust-Parchim', en: 'District of Ludwigslust-Parchim', group: 'DISTRICT' },
  { code: 'NWM', de: 'Landkreis Nordwestmecklenburg', en: 'District of Nordwestmecklenburg', group: 'DISTRICT' },
  { code: 'MSE', de: 'Landkreis Mecklenburgische Seenplatte', en: 'District of Mecklenburgische Seenplatte', group: 'DISTRICT' },
  { code: 'VG', de: 'Landkreis Vorpommern-Greifswald', en: 'District of Vorpommern-Greifswald', group: 'DISTRICT' },
  { code: 'VR', de: 'Landkreis Vorpommern-Rügen', en: 'District of Vorpommern-Rügen', group: 'DISTRICT' },
  { code: 'OTHER_LAND', de: 'anderes Bundesland', en: 'Another Land', group: 'OTHER' },
  { code: 'ABROAD', de: 'Ausland', en: 'Abroad', group: 'OTHER' },
]

export const RESIDENCE_STATUSES: CatalogueSeed[] = [
  { code: 'ASYLUM_REQUEST', de: 'Asylgesuch registriert', en: 'Asylum request registered', group: 'A' },
  { code: 'ARRIVAL_CERTIFICATE', de: 'Ankunftsnachweis', en: 'Arrival certificate (Ankunftsnachweis)', group: 'A' },
  { code: 'GESTATTUNG', de: 'Aufenthaltsgestattung (§ 55 AsylG)', en: 'Permission to reside (§ 55 AsylG)', group: 'A' },
  { code: 'P25_1', de: 'Asylberechtigung (§ 25 Abs. 1 AufenthG)', en: 'Asylum (§ 25(1) AufenthG)', group: 'B' },
  { code: 'P25_2_REFUGEE', de: 'Flüchtlingsschutz (§ 25 Abs. 2 AufenthG)', en: 'Refugee protection (§ 25(2) AufenthG)', group: 'B' },
  { code: 'P25_2_SUBSIDIARY', de: 'Subsidiärer Schutz (§ 25 Abs. 2 AufenthG)', en: 'Subsidiary protection (§ 25(2) AufenthG)', group: 'B' },
  { code: 'P25_3', de: 'Abschiebungsverbot (§ 25 Abs. 3 AufenthG)', en: 'Ban on deportation (§ 25(3) AufenthG)', group: 'B' },
  { code: 'P24', de: 'Vorübergehender Schutz (§ 24 AufenthG)', en: 'Temporary protection (§ 24 AufenthG)', group: 'B' },
  { code: 'OTHER_HUMANITARIAN', de: 'Andere humanitäre Titel (§§ 22, 23, 25 Abs. 4/5, 25a, 25b)', en: 'Other humanitarian titles (§§ 22, 23, 25(4)/(5), 25a, 25b)', group: 'B' },
  { code: 'P104C', de: 'Chancen-Aufenthaltsrecht (§ 104c AufenthG)', en: 'Opportunity residence (§ 104c AufenthG)', group: 'B' },
  { code: 'DULDUNG', de: 'Duldung (§ 60a AufenthG, auch §§ 60c/60d)', en: 'Toleration (Duldung, § 60a, incl. §§ 60c/60d)', group: 'C' },
  { code: 'OBLIGED_TO_LEAVE', de: 'Vollziehbar ausreisepflichtig ohne Duldung', en: 'Enforceably obliged to leave, without Duldung', group: 'C' },
  { code: 'EDUCATION', de: 'Aufenthalt zur Ausbildung / zum Studium', en: 'Residence for education', group: 'D' },
  { code: 'EMPLOYMENT', de: 'Aufenthalt zur Erwerbstätigkeit', en: 'Residence for employment', group: 'D' },
  { code: 'FAMILY_REUNIFICATION', de: 'Familiennachzug', en: 'Family reunification', group: 'D' },
  { code: 'SETTLEMENT', de: 'Niederlassungserlaubnis / Daueraufenthalt-EU', en: 'Settlement permit / EU long-term residence', group: 'D' },
  { code: 'EU_CITIZEN', de: 'EU-/EWR-Staatsangehörige', en: 'EU/EEA citizen', group: 'D' },
  { code: 'SPAETAUSSIEDLER', de: 'Spätaussiedler/in', en: 'Ethnic German resettler (Spätaussiedler)', group: 'D' },
  { code: 'GERMAN_CITIZEN', de: 'Deutsche Staatsangehörigkeit', en: 'German citizen', group: 'D' },
  { code: 'FIKTION', de: 'Fiktionsbescheinigung', en: 'Fictional certificate (Fiktionsbescheinigung)', group: 'D' },
  { code: 'UNCLEAR', de: 'ungeklärt / keine Angabe', en: 'Unclear / not stated', group: 'D' },
]

export const TOPICS: CatalogueSeed[] = [
  { code: 'RESIDENCE_ASYLUM', de: 'Aufenthalt und Asylverfahren', en: 'Residence and asylum procedure' },
  { code: 'LANGUAGE_COURSE', de: 'Sprache und Integrationskurs', en: 'Language and integration course' },
  { code: 'WORK', de: 'Arbeit und Beruf', en: 'Work and career' },
  { code: 'RECOGNITION', de: 'Anerkennung ausländischer Abschlüsse', en: 'Recognition of foreign qualifications' },
  { code: 'EDUCATION', de: 'Schule, Ausbildung, Studium', en: 'School, training, study' },
  { code: 'HOUSING', de: 'Wohnen', en: 'Housing' },
  { code: 'LIVELIHOOD', de: 'Existenzsicherung und Sozialleistungen', en: 'Livelihood and social benefits' },
  { code: 'HEALTH', de: 'Gesundheit', en: 'Health' },
  { code: 'PSYCHOSOCIAL', de: 'Psychosoziale Belastung und Trauma', en: 'Psychosocial strain and trauma' },
  { code: 'FAMILY', de: 'Familie, Kinder, Kita', en: 'Family, children, day care' },
  { code: 'FAMILY_REUNIFICATION', de: 'Familiennachzug', en: 'Family reunification' },
  { code: 'DEBTS', de: 'Schulden und Finanzen', en: 'Debts and finances' },
  { code: 'VIOLENCE_PROTECTION', de: 'Gewaltschutz', en: 'Protection from violence' },
  { code: 'EVERYDAY_LIFE', de: 'Alltag und Behörden', en: 'Everyday life and authorities' },
  { code: 'PARTICIPATION', de: 'Teilhabe und Engagement', en: 'Participation and volunteering' },
  { code: 'RETURN', de: 'Rückkehr oder Weiterwanderung', en: 'Return or onward migration' },
]

export const CLOSURE_REASONS: CatalogueSeed[] = [
  { code: 'GOALS_ACHIEVED', de: 'Ziele (weitgehend) erreicht', en: 'Goals (largely) achieved' },
  { code: 'HANDED_OVER', de: 'An Regeldienst übergeben', en: 'Handed over to a mainstream service' },
  { code: 'PROGRAMME_CHANGE', de: 'Programmwechsel (z. B. JMD → MBE, EAE → Beratungsstelle)', en: 'Change of programme (e.g. JMD → MBE, EAE → district office)' },
  { code: 'MOVED', de: 'Verteilt oder weggezogen', en: 'Distributed or moved out of the area' },
  { code: 'CONTACT_BROKEN_OFF', de: 'Kontaktabbruch durch Klient/in', en: 'Contact broken off by the client' },
  { code: 'ENDED_BY_OFFICE', de: 'Beendigung durch die Beratungsstelle', en: 'Ended by the office' },
  { code: 'DEPARTURE', de: 'Ausreise / Rückkehr / Abschiebung', en: 'Departure / return / deportation' },
  { code: 'FUNDING_EXCEEDED', de: 'Förderdauer überschritten', en: 'Funding period exceeded' },
  { code: 'DEATH', de: 'Tod', en: 'Death' },
  { code: 'OTHER', de: 'Sonstiges', en: 'Other' },
]

export const LEGAL_BASES: CatalogueSeed[] = [
  { code: 'CONTRACT', de: 'Beratungsvertrag / Auftrag (Art. 6 Abs. 1 lit. b, Art. 9 Abs. 2 lit. h DSGVO)', en: 'Counselling contract / mandate (Art. 6(1)(b), 9(2)(h) GDPR)' },
  { code: 'CONSENT', de: 'Einwilligung (Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO)', en: 'Consent (Art. 6(1)(a), 9(2)(a) GDPR)' },
  { code: 'OTHER', de: 'Sonstige Rechtsgrundlage', en: 'Other legal basis' },
]

// Kinds of documents in the case file (issue 17). CONSENT_SIGNED is the scan a consent record links.
export const DOCUMENT_KINDS: CatalogueSeed[] = [
  { code: 'CONSENT_SIGNED', de: 'Einwilligung unterschrieben', en: 'Signed consent' },
  { code: 'BAMF_DECISION', de: 'Bescheid BAMF', en: 'BAMF decision' },
  { code: 'RESIDENCE_DOCUMENT', de: 'Aufenthaltsdokument', en: 'Residence document' },
  { code: 'REPORT', de: 'Befund/Bericht', en: 'Findings / report' },
  { code: 'OTHER', de: 'Sonstiges', en: 'Other' },
]

export const CATALOGUE_SEEDS = {
  PLACE: PLACES,
  RESIDENCE_STATUS: RESIDENCE_STATUSES,
  TOPIC: TOPICS,
  CLOSURE_REASON: CLOSURE_REASONS,
  LEGAL_BASIS: LEGAL_BASES,
  DOCUMENT_KIND: DOCUMENT_KINDS,
} as const
