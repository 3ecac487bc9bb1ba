import { costFromText, scheduleFromText } from '../../src/catalogue/offerTexts';
import { emptySchedule } from '../../src/catalogue/schedule';
import { emptyCost } from '../../src/catalogue/cost';
import type { Answer, Category, Offer, Provider, Town } from '../../src/catalogue/types';
import type { SearchCatalogue } from '../../src/search/searchService';

export const towns: Town[] = [
  { id: 'freiberg', name: 'Freiberg', postcode: '09599', lat: 50.9109, lon: 13.3388, kind: 'Stadt' },
  { id: 'doebeln', name: 'Döbeln', postcode: '04720', lat: 51.1221, lon: 13.1103, kind: 'Stadt' },
  { id: 'mittweida', name: 'Mittweida', postcode: '09648', lat: 50.9862, lon: 12.9754, kind: 'Stadt' },
  { id: 'rosswein', name: 'Roßwein', postcode: '04741', lat: 51.0659, lon: 13.1831, kind: 'Stadt' },
  { id: 'sayda', name: 'Sayda', postcode: '09619', lat: 50.7112, lon: 13.4217, kind: 'Stadt' },
  { id: 'frankenberg', name: 'Frankenberg/Sa.', postcode: '09669', lat: 50.9259, lon: 13.0596, kind: 'Stadt' },
  { id: 'brand-erbisdorf', name: 'Brand-Erbisdorf', postcode: '09618', lat: 50.8689, lon: 13.3219, kind: 'Stadt' },
];

export const categories: Category[] = [
  { id: 'integration-course', name: { de: 'Integrationskurs', en: 'Integration course' }, description: { de: '' } },
  { id: 'german-course', name: { de: 'Deutschkurs', en: 'German course' }, description: { de: '' } },
  { id: 'childcare', name: { de: 'Kinderbetreuung', en: 'Childcare' }, description: { de: '' } },
  { id: 'counselling', name: { de: 'Beratung', en: 'Counselling' }, description: { de: '' } },
];

export function buildProvider(overrides: Partial<Provider> = {}): Provider {
  return {
    id: 'p-vhs',
    name: 'Volkshochschule Mittelsachsen',
    type: 'VHS',
    townId: 'freiberg',
    address: 'Burgstraße 19, 09599 Freiberg',
    phone: null,
    email: null,
    website: null,
    description: { de: 'Volkshochschule' },
    counselling: false,
    source: 'test',
    ...overrides,
  };
}

let seq = 0;
export function buildOffer(overrides: Partial<Offer> = {}): Offer {
  seq += 1;
  return {
    id: `o-test-${seq}`,
    status: 'active',
    categories: ['german-course'],
    providerId: 'p-vhs',
    townId: 'freiberg',
    title: { de: `Deutschkurs ${seq}`, en: `German course ${seq}` },
    summary: { de: 'Ein Kurs.', en: 'A course.' },
    address: 'Burgstraße 19',
    schedule: { ...emptySchedule(), days: [0, 1, 2, 3, 4], from: '09:00', to: '12:00' },
    scheduleNote: {},
    cost: { ...emptyCost(), free: true },
    costNote: {},
    free: true,
    levels: ['A1'],
    childcare: false,
    womenOnly: false,
    evening: false,
    mode: 'onsite',
    instructionLanguages: ['de'],
    audiences: [],
    targetGroup: { de: 'Erwachsene' },
    contact: { de: '03731 000' },
    url: null,
    validUntil: '2099-12-31',
    sample: true,
    source: 'test',
    ...overrides,
  };
}

export function buildAnswer(overrides: Partial<Answer> = {}): Answer {
  return {
    id: 'a-ik-cost',
    category: 'integration-course',
    questions: { de: ['Was kostet ein Integrationskurs?', 'Integrationskurs Kosten'], en: ['How much does an integration course cost?'] },
    answer: { de: '2,29 € pro Unterrichtseinheit.', en: '2.29 € per lesson.' },
    followUps: [],
    source: 'test',
    ...overrides,
  };
}

export function buildCatalogue(offers: Offer[], answers: Answer[] = [buildAnswer()]): SearchCatalogue {
  return { towns, categories, providers: [buildProvider()], offers, answers };
}

/** Schedule and cost typed as a coordinator would, read into the offer's data and notes. */
export function germanTimes(texts: { schedule?: string; cost?: string }): Partial<Offer> {
  const when = scheduleFromText(texts.schedule ?? '');
  const price = costFromText(texts.cost ?? '');
  return {
    ...(texts.schedule !== undefined ? { schedule: when.schedule, scheduleNote: when.note } : {}),
    ...(texts.cost !== undefined ? { cost: price.cost, costNote: price.note } : {}),
  };
}
