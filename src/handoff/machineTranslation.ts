import type { Lang } from '../language/languages';

/**
 * Where a self-hosted machine translation service (LibreTranslate, an OPUS-MT container...)
 * plugs in. Until one is configured there is none: advisors use the phrasebook or write in a
 * language the newcomer reads, and nothing pretends to translate.
 */
export interface MachineTranslator {
  readonly available: boolean;
  /** The translation, or null when this pair cannot be translated. */
  translate(text: string, from: Lang, to: Lang): Promise<string | null>;
}

export const noMachineTranslation: MachineTranslator = {
  available: false,
  translate: async () => null,
};
