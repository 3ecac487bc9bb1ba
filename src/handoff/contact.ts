import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { normalizeDigits } from '../text/normalize';

export interface Contact {
  kind: 'phone' | 'email';
  value: string;
}

const email = z.email();

/**
 * A phone number (German numbers without +49 too, written with Arabic-Indic or Persian digits
 * as well) or an email address, normalised; anything else is null so the bot can ask again.
 */
export function parseContact(text: string): Contact | null {
  const plain = normalizeDigits(text.trim()).slice(0, 200);
  const mail = /[^\s<>"',;:]+@[^\s<>"',;:]+/.exec(plain)?.[0]?.replace(/^mailto:/i, '').replace(/\.$/, '');
  if (mail) return email.safeParse(mail).success ? { kind: 'email', value: mail.toLowerCase() } : null;
  const candidate = /\+?\d[\d\s()/.-]{5,28}\d/.exec(plain)?.[0];
  if (!candidate || candidate.replace(/\D/g, '').length < 7) return null;
  const phone = parsePhoneNumberFromString(candidate, 'DE');
  return phone?.isValid() ? { kind: 'phone', value: phone.number } : null;
}
