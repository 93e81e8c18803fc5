import { countryOf } from './locale';

/** Every digit of a phone number as it was written; a leading "+" is dropped with the rest of the punctuation. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** True when a search reads as (part of) a phone number: digits with the usual punctuation, and at least three digits. */
export function looksLikePhone(text: string): boolean {
  return /^[+\d\s().\-/]+$/.test(text.trim()) && phoneDigits(text).length >= 3;
}

/**
 * What a caller's number, or a piece of it, looks like once the country's dialling habits are
 * taken away: "+44 7859 561570", "0044 7859 561570" and "07859 561570" all become "7859561570"
 * in the United Kingdom. A stored number contains this text whichever way it was written,
 * because the international form ends with it and the national form is the trunk prefix plus it.
 * Fragments ("561570", "7859 561") pass through with only the punctuation removed.
 */
export function nationalDigits(text: string, countryCode: string): string {
  const country = countryOf(countryCode);
  const trimmed = text.trim();
  const digits = phoneDigits(trimmed);
  const international = trimmed.startsWith('+') ? digits : digits.startsWith('00') ? digits.slice(2) : null;
  if (international !== null) {
    // A number in the clinic's own country loses its calling code; a foreign one keeps it.
    return international.startsWith(country.callingCode) ? international.slice(country.callingCode.length) : international;
  }
  if (country.trunk && digits.startsWith(country.trunk) && digits.length > country.trunk.length + 2) {
    return digits.slice(country.trunk.length);
  }
  return digits;
}
