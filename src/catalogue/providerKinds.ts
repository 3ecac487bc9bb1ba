/**
 * What kind of place a provider is, read from the type coordinators write ("Behörde
 * (Ausländerbehörde)", "Volkshochschule"), so the directory can name it in the newcomer's
 * language. The first rule that matches wins; an unknown type stays as written (German).
 */
export const PROVIDER_KINDS = [
  'jobcenter',
  'employment-agency',
  'foreigners-office',
  'youth-office',
  'school-authority',
  'recognition-office',
  'public-authority',
  'adult-education-centre',
  'vocational-school',
  'university',
  'school',
  'welfare-association',
  'volunteers',
  'counselling-service',
  'education-provider',
  'chamber',
  'welcome-service',
  'network',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

const RULES: [RegExp, ProviderKind][] = [
  [/jobcenter/i, 'jobcenter'],
  [/arbeitsagentur|agentur für arbeit/i, 'employment-agency'],
  [/ausländerbehörde/i, 'foreigners-office'],
  [/jugendamt/i, 'youth-office'],
  [/schulaufsicht|landesamt für schule/i, 'school-authority'],
  [/behörde \(anerkennung\)/i, 'recognition-office'],
  [/behörde|landkreis|kommune|stadtverwaltung|gemeinde/i, 'public-authority'],
  [/volkshochschule/i, 'adult-education-centre'],
  [/berufliches schulzentrum|berufsschule/i, 'vocational-school'],
  [/hochschule|universität|studienkolleg/i, 'university'],
  [/schule|kolleg/i, 'school'],
  [/wohlfahrtsverband/i, 'welfare-association'],
  [/ehrenamtlich/i, 'volunteers'],
  [/migrationsberatung|beratung/i, 'counselling-service'],
  [/bildungsträger/i, 'education-provider'],
  [/kammer/i, 'chamber'],
  [/informationsportal|willkommensservice/i, 'welcome-service'],
  [/verband|koordinierungsstelle|netzwerk/i, 'network'],
];

export function providerKind(type: string): ProviderKind | null {
  return RULES.find(([pattern]) => pattern.test(type))?.[1] ?? null;
}
