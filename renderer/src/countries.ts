/** Countries a clinic can choose (ISO 3166 codes), named in English by the browser's own list. */
const CODES = (
  'AE AR AT AU BE BG BR CA CH CL CO CY CZ DE DK EE ES FI FR GB GR HK HR HU IE IL IN IS IT JP KR LT LU LV MT MX MY NL NO NZ ' +
  'PH PL PT QA RO SA SE SG SI SK TH TR TW UA US ZA'
).split(' ');

const names = new Intl.DisplayNames(['en'], { type: 'region' });

export const COUNTRIES: readonly { code: string; name: string }[] = CODES.map((code) => ({
  code,
  name: names.of(code) ?? code,
})).sort((a, b) => a.name.localeCompare(b.name));
