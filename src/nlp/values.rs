//! Values by rules: dates, times, percentages, money, quantities, cardinal and
//! ordinal numbers.
//!
//! [`find_values`] scans a sentence's tokens left to right and, at each
//! position, tries the patterns below (longest first); a match becomes a
//! [`Mention`] whose `normalized` field carries the value:
//!
//! | kind | examples | normalised |
//! |---|---|---|
//! | DATE | "2014", "May 8, 2017", "8 May 2017", "May 2017", "2017-05-08", "5/8/2017" | `2014`, `2017-05-08`, `2017-05` (ISO 8601) |
//! | DATE, relative | "Monday", "yesterday", "last year" | resolved against the document date when one is given, else `None` |
//! | DATE, range | "2014-2015", "from 2014 to 2016" | `2014/2015` (ISO 8601 interval) |
//! | TIME | "3:30 p.m.", "10 am", "noon" | `15:30:00` |
//! | PERCENT | "66.1 percent", "33.9%", "5 per cent", "10 to 15 percent" | `66.1`, `10..15` |
//! | MONEY | "$4.25 million", "10 euros", "£3bn" | `4250000 USD` |
//! | QUANTITY | "5 km", "20 tonnes" | `5 km` |
//! | CARDINAL | "1,200", "-3", "minus 4", "twenty-five", "two-thirds" | `1200`, `-3`, `-4`, `25`, `0.6667` |
//! | ORDINAL | "third", "21st" | `3`, `21` |
//!
//! Numbers are exact decimals (no floating point), except fractions, which
//! are rounded to four places. A range is written `low..high` (numbers) or
//! `start/end` (dates). Number words need a part-of-speech tag that allows a
//! number ("one" as a pronoun is not a value); untagged tokens (`X`) are
//! accepted. "May" and "March" are months only next to a day or year number;
//! other month names alone also after a preposition ("in January").

use crate::document::{EntityKind, Mention, Token, Upos};
use crate::lexicon::MONTHS;
use std::fmt;

/// An exact decimal number: `mantissa · 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// An integer.
    #[must_use]
    pub fn int(v: i128) -> Self {
        Self {
            mantissa: v,
            scale: 0,
        }
    }

    /// Parses "1,234.5", "-3", ".5", "−2" (Unicode minus); `None` for anything else.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let (neg, body) = match s.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        if body.is_empty() || body.len() > 30 {
            return None;
        }
        let mut mantissa: i128 = 0;
        let mut scale = 0u32;
        let mut seen_point = false;
        let mut digits = 0;
        for c in body.chars() {
            match c {
                '0'..='9' => {
                    mantissa = mantissa
                        .checked_mul(10)?
                        .checked_add(i128::from(c as u8 - b'0'))?;
                    digits += 1;
                    if seen_point {
                        scale += 1;
                    }
                }
                ',' if !seen_point && digits > 0 => {}
                '.' if !seen_point => seen_point = true,
                _ => return None,
            }
        }
        if digits == 0 || body.ends_with([',', '.']) {
            return None;
        }
        Some(
            Self {
                mantissa: if neg { -mantissa } else { mantissa },
                scale,
            }
            .normalize(),
        )
    }

    fn normalize(mut self) -> Self {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// Multiplies by an integer (a scale word: million → 1 000 000); `None` on overflow.
    #[must_use]
    pub fn times(self, k: i128) -> Option<Self> {
        Some(
            Self {
                mantissa: self.mantissa.checked_mul(k)?,
                scale: self.scale,
            }
            .normalize(),
        )
    }

    /// The ratio `num / den` rounded to four decimal places.
    #[must_use]
    pub fn ratio(num: i128, den: i128) -> Self {
        if den == 0 {
            return Self::int(0);
        }
        let scaled = num * 100_000 / den;
        let rounded = (scaled + if scaled >= 0 { 5 } else { -5 }) / 10;
        Self {
            mantissa: rounded,
            scale: 4,
        }
        .normalize()
    }

    /// The value as an integer when it is one.
    #[must_use]
    pub fn as_int(self) -> Option<i128> {
        (self.scale == 0).then_some(self.mantissa)
    }

    fn negate(self) -> Self {
        Self {
            mantissa: -self.mantissa,
            scale: self.scale,
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.mantissa < 0;
        let digits = self.mantissa.unsigned_abs().to_string();
        if neg {
            f.write_str("-")?;
        }
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{int}.{frac}")
    }
}

/// A number or a range of numbers read from tokens.
#[derive(Debug, Clone, Copy)]
struct Num {
    lo: Decimal,
    hi: Option<Decimal>,
    /// One past the last token.
    end: usize,
    /// Written with digits (only those can be years and times).
    digits: bool,
}

impl Num {
    fn text(&self, unit: &str) -> String {
        let mut s = match self.hi {
            Some(hi) => format!("{}..{hi}", self.lo),
            None => self.lo.to_string(),
        };
        if !unit.is_empty() {
            s.push(' ');
            s.push_str(unit);
        }
        s
    }
}

fn unit_value(w: &str) -> Option<i128> {
    Some(match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "dozen" => 12,
        _ => return None,
    })
}

fn scale_value(w: &str) -> Option<i128> {
    Some(match w {
        "hundred" => 100,
        "thousand" | "k" => 1_000,
        "million" | "millions" | "m" | "mn" | "mln" => 1_000_000,
        "billion" | "billions" | "bn" | "b" | "bln" => 1_000_000_000,
        "trillion" | "trillions" | "tn" => 1_000_000_000_000,
        _ => return None,
    })
}

fn denominator(w: &str) -> Option<i128> {
    Some(match w {
        "half" | "halves" => 2,
        "third" | "thirds" => 3,
        "quarter" | "quarters" | "fourth" | "fourths" => 4,
        "fifth" | "fifths" => 5,
        "sixth" | "sixths" => 6,
        "seventh" | "sevenths" => 7,
        "eighth" | "eighths" => 8,
        "ninth" | "ninths" => 9,
        "tenth" | "tenths" => 10,
        _ => return None,
    })
}

fn ordinal_value(w: &str) -> Option<i128> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "hundredth" => 100,
        "thousandth" => 1000,
        "millionth" => 1_000_000,
        _ => return None,
    })
}

/// "21st", "3rd", "4th" → 21, 3, 4.
fn numeric_ordinal(w: &str) -> Option<i128> {
    let lower = w.to_ascii_lowercase();
    let digits = lower
        .strip_suffix("st")
        .or_else(|| lower.strip_suffix("nd"))
        .or_else(|| lower.strip_suffix("rd"))
        .or_else(|| lower.strip_suffix("th"))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 9 {
        return None;
    }
    digits.parse().ok()
}

/// Currency symbols and codes written before an amount.
fn currency_prefix(w: &str) -> Option<&'static str> {
    Some(match w {
        "$" | "US$" | "USD" => "USD",
        "£" | "GBP" => "GBP",
        "€" | "EUR" => "EUR",
        "¥" | "JPY" => "JPY",
        "C$" | "CAD" => "CAD",
        "A$" | "AUD" => "AUD",
        "₹" | "INR" | "Rs" | "Rs." => "INR",
        "₽" | "RUB" => "RUB",
        "CHF" => "CHF",
        "CNY" | "RMB" => "CNY",
        _ => return None,
    })
}

/// Currency words written after an amount; the second value scales the amount (cents).
fn currency_suffix(w: &str) -> Option<(&'static str, i128)> {
    Some(match w.to_lowercase().as_str() {
        "dollar" | "dollars" | "usd" | "bucks" => ("USD", 1),
        "euro" | "euros" | "eur" => ("EUR", 1),
        "sterling" | "gbp" => ("GBP", 1),
        "yen" | "jpy" => ("JPY", 1),
        "yuan" | "renminbi" | "cny" => ("CNY", 1),
        "ruble" | "rubles" | "rouble" | "roubles" | "rub" => ("RUB", 1),
        "rupee" | "rupees" | "inr" => ("INR", 1),
        "franc" | "francs" | "chf" => ("CHF", 1),
        "hryvnia" | "hryvnias" => ("UAH", 1),
        "cent" | "cents" => ("USD", -100),
        _ => return None,
    })
}

/// Units of measure → their symbol.
fn unit(w: &str) -> Option<&'static str> {
    Some(match w.to_lowercase().as_str() {
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "m" | "metre" | "metres" | "meter" | "meters" => "m",
        "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => "cm",
        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => "mm",
        "mile" | "miles" | "mi" => "mi",
        "foot" | "feet" | "ft" => "ft",
        "inch" | "inches" => "in",
        "yard" | "yards" | "yd" => "yd",
        "kg" | "kilogram" | "kilograms" | "kilo" | "kilos" => "kg",
        "g" | "gram" | "grams" => "g",
        "ton" | "tons" | "tonne" | "tonnes" | "t" => "t",
        "pound" | "pounds" | "lb" | "lbs" => "lb",
        "ounce" | "ounces" | "oz" => "oz",
        "litre" | "litres" | "liter" | "liters" | "l" => "L",
        "gallon" | "gallons" | "gal" => "gal",
        "barrel" | "barrels" | "bbl" => "bbl",
        "acre" | "acres" => "acre",
        "hectare" | "hectares" | "ha" => "ha",
        "degree" | "degrees" | "°" => "deg",
        "°c" | "celsius" => "Cel",
        "°f" | "fahrenheit" => "[degF]",
        "mph" => "mph",
        "km/h" | "kph" => "km/h",
        "mw" | "megawatt" | "megawatts" => "MW",
        "gw" | "gigawatt" | "gigawatts" => "GW",
        "kwh" => "kWh",
        "gb" | "gigabyte" | "gigabytes" => "GB",
        "mb" | "megabyte" | "megabytes" => "MB",
        "tb" | "terabyte" | "terabytes" => "TB",
        _ => return None,
    })
}

/// "May" → 5, "Sept." → 9; only capitalised words.
fn month(w: &str) -> Option<u32> {
    if !w.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let lower = w.trim_end_matches('.').to_lowercase();
    if let Some(i) = MONTHS.iter().position(|m| *m == lower) {
        return Some(i as u32 + 1);
    }
    let abbr = match lower.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(abbr)
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const DATE_PREPOSITIONS: [&str; 14] = [
    "in", "since", "until", "till", "by", "during", "of", "from", "to", "before", "after",
    "through", "early", "late",
];

/// A calendar date as days since 1970-01-01 (Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Parses "2017-05-08" (the start of a longer ISO string is enough).
fn parse_iso_date(s: &str) -> Option<(i64, u32, u32)> {
    let mut parts = s.get(..10)?.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    valid_date(y, m, d).then_some((y, m, d))
}

fn valid_date(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let len = days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1);
        i64::from(d) <= len
    }
}

fn iso(y: i64, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn lower(t: &Token) -> String {
    t.form.to_lowercase()
}

/// True when a word can be a number by its tag (untagged words can).
fn numeric_tag(t: &Token) -> bool {
    matches!(t.upos, Upos::Num | Upos::X | Upos::Adj | Upos::Det)
}

/// The integer value of a token written with digits only ("2014"), if any.
fn plain_int(t: &Token) -> Option<i64> {
    if t.form.is_empty() || t.form.len() > 9 || !t.form.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.form.parse().ok()
}

fn is_year(t: &Token) -> Option<i64> {
    let v = plain_int(t)?;
    (t.form.len() == 4 && (1000..=2100).contains(&v)).then_some(v)
}

/// A day of the month: "8" or "8th".
fn day_of_month(t: &Token) -> Option<u32> {
    let v = plain_int(t)
        .and_then(|v| u32::try_from(v).ok())
        .or_else(|| numeric_ordinal(&t.form).and_then(|v| u32::try_from(v).ok()))?;
    (1..=31).contains(&v).then_some(v)
}

/// Reads written-out number words from `i`: "twenty-five", "one hundred and
/// twenty", "three million", "two-thirds", "half".
fn word_number(tokens: &[Token], i: usize) -> Option<(Decimal, usize)> {
    let first = tokens.get(i)?;
    if !numeric_tag(first) && first.upos != Upos::Noun {
        return None;
    }
    // A one-token fraction: "two-thirds", "three-quarters".
    let l = lower(first);
    if let Some((a, b)) = l.split_once('-') {
        if let (Some(n), Some(d)) = (unit_value(a), denominator(b)) {
            return Some((Decimal::ratio(n, d), i + 1));
        }
    }
    // Split by the tokenizer: "two - thirds".
    if let (Some(n), Some(dash), Some(den)) = (unit_value(&l), tokens.get(i + 1), tokens.get(i + 2))
    {
        if dash.form == "-" {
            if let Some(d) = denominator(&lower(den)) {
                return Some((Decimal::ratio(n, d), i + 3));
            }
        }
    }
    let mut total: i128 = 0;
    let mut current: i128 = 0;
    let mut j = i;
    let mut any = false;
    while let Some(t) = tokens.get(j) {
        let w = lower(t);
        let mut parts: Vec<&str> = w.split('-').collect();
        if parts.iter().any(|p| p.is_empty()) {
            parts = vec![w.as_str()];
        }
        let mut consumed = false;
        if parts.iter().all(|p| unit_value(p).is_some()) {
            if w == "one" && !any && !matches!(t.upos, Upos::Num | Upos::X) {
                break;
            }
            for p in &parts {
                current = current.saturating_add(unit_value(p).unwrap_or(0));
            }
            consumed = true;
        } else if any && (w == "hundred") {
            current = current.max(1).saturating_mul(100);
            consumed = true;
        } else if any && matches!(w.as_str(), "thousand" | "million" | "billion" | "trillion") {
            total =
                total.saturating_add(current.max(1).saturating_mul(scale_value(&w).unwrap_or(1)));
            current = 0;
            consumed = true;
        } else if any
            && tokens
                .get(j + 1)
                .is_some_and(|n| unit_value(&lower(n)).is_some())
        {
            // "one hundred and twenty", "twenty - five".
            consumed =
                (w == "and" && current >= 100) || (w == "-" && current >= 20 && current % 10 == 0);
        }
        if !consumed {
            break;
        }
        any = true;
        j += 1;
    }
    if !any {
        return None;
    }
    Some((Decimal::int(total.saturating_add(current)), j))
}

/// Reads a number (and a range of numbers) starting at `i`.
fn number(tokens: &[Token], i: usize) -> Option<Num> {
    let t = tokens.get(i)?;
    let range = t
        .form
        .split_once(['-', '–'])
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .and_then(|(a, b)| Some((Decimal::parse(a)?, Decimal::parse(b)?)));
    let (mut value, mut end, digits) = if let Some((d, k)) = split_scale_suffix(&t.form) {
        (d.times(k)?, i + 1, true)
    } else if let Some(d) = Decimal::parse(&t.form) {
        (d, i + 1, true)
    } else if let Some((lo, hi)) = range {
        // "10-15", "2014-2015" written as one token.
        return Some(with_scale(
            tokens,
            Num {
                lo,
                hi: Some(hi),
                end: i + 1,
                digits: true,
            },
        ));
    } else if matches!(lower(t).as_str(), "minus" | "negative") {
        let n = number(tokens, i + 1)?;
        return Some(Num {
            lo: n.lo.negate(),
            ..n
        });
    } else {
        let (d, e) = word_number(tokens, i)?;
        (d, e, false)
    };
    // A scale word after digits: "4.25 million".
    if digits {
        if let Some(k) = tokens.get(end).and_then(|n| scale_value(&lower(n))) {
            if tokens[end].form.len() > 1 || matches!(tokens[end].form.as_str(), "m" | "k" | "b") {
                value = value.times(k)?;
                end += 1;
            }
        }
    }
    Some(Num {
        lo: value,
        hi: None,
        end,
        digits,
    })
}

/// "4.25m", "10bn", "5k" → (4.25, 1 000 000) …; `None` unless the token is digits + scale letters.
fn split_scale_suffix(form: &str) -> Option<(Decimal, i128)> {
    let pos = form.find(|c: char| c.is_ascii_alphabetic())?;
    let (num, suffix) = form.split_at(pos);
    let k = scale_value(&suffix.to_lowercase())?;
    Some((Decimal::parse(num)?, k))
}

fn with_scale(tokens: &[Token], mut n: Num) -> Num {
    if let Some(k) = tokens.get(n.end).and_then(|t| scale_value(&lower(t))) {
        if tokens[n.end].form.len() > 1 {
            if let (Some(lo), Some(hi)) = (n.lo.times(k), n.hi.and_then(|h| h.times(k))) {
                n.lo = lo;
                n.hi = Some(hi);
                n.end += 1;
            }
        }
    }
    n
}

/// A found value before it becomes a [`Mention`].
struct Found {
    end: usize,
    kind: EntityKind,
    normalized: Option<String>,
}

/// Everything that starts with a number or a currency sign.
fn numeric(tokens: &[Token], i: usize) -> Option<Found> {
    let t = &tokens[i];
    // Currency written before the amount: "$4.25 million", "US$ 5".
    let (currency, start) = match currency_prefix(&t.form) {
        Some(c) => (Some(c), i + 1),
        None => (None, i),
    };
    if currency.is_none() {
        if let Some(f) = date_token(t, i).or_else(|| time(tokens, i)) {
            return Some(f);
        }
        if let Some(v) = numeric_ordinal(&t.form) {
            return Some(Found {
                end: i + 1,
                kind: EntityKind::Ordinal,
                normalized: Some(v.to_string()),
            });
        }
        if let Some(d) = t.form.strip_suffix('%').and_then(Decimal::parse) {
            return Some(Found {
                end: i + 1,
                kind: EntityKind::Percent,
                normalized: Some(d.to_string()),
            });
        }
    }
    let mut n = number(tokens, start)?;
    // A range: "10 to 15 percent", "$3 million to $5 million", "between 2 and 3".
    if n.hi.is_none() {
        if let Some(conn) = tokens.get(n.end) {
            let between = i > 0 && lower(&tokens[i - 1]) == "between";
            let ok = matches!(conn.form.as_str(), "to" | "-" | "–" | "through")
                || (conn.form == "and" && between);
            if ok {
                let mut k = n.end + 1;
                if currency.is_some()
                    && tokens.get(k).and_then(|x| currency_prefix(&x.form)) == currency
                {
                    k += 1;
                }
                if let Some(m) = number(tokens, k) {
                    if m.hi.is_none() && m.digits == n.digits {
                        n.hi = Some(m.lo);
                        n.end = m.end;
                    }
                }
            }
        }
    }
    let next = tokens.get(n.end);
    let next_lower = next.map(lower).unwrap_or_default();
    if let Some(c) = currency {
        return Some(Found {
            end: n.end,
            kind: EntityKind::Money,
            normalized: Some(n.text(c)),
        });
    }
    // Percentages.
    if matches!(
        next_lower.as_str(),
        "%" | "percent" | "pct" | "pc" | "per-cent"
    ) {
        return Some(Found {
            end: n.end + 1,
            kind: EntityKind::Percent,
            normalized: Some(n.text("")),
        });
    }
    if next_lower == "per" && tokens.get(n.end + 1).is_some_and(|c| lower(c) == "cent") {
        return Some(Found {
            end: n.end + 2,
            kind: EntityKind::Percent,
            normalized: Some(n.text("")),
        });
    }
    if let Some(pct) = t.form.strip_suffix('%') {
        if let Some(d) = Decimal::parse(pct) {
            return Some(Found {
                end: i + 1,
                kind: EntityKind::Percent,
                normalized: Some(d.to_string()),
            });
        }
    }
    // Money written after the amount: "10 euros", "50 cents".
    if let Some((code, k)) = next.and_then(|x| currency_suffix(&x.form)) {
        let scale = |d: Decimal| {
            if k < 0 {
                Decimal::parse(&format!("{}", d)).map(|d| {
                    Decimal {
                        mantissa: d.mantissa,
                        scale: d.scale + 2,
                    }
                    .normalize()
                })
            } else {
                Some(d)
            }
        };
        let lo = scale(n.lo)?;
        let hi = match n.hi {
            Some(h) => Some(scale(h)?),
            None => None,
        };
        let num = Num { lo, hi, ..n };
        return Some(Found {
            end: n.end + 1,
            kind: EntityKind::Money,
            normalized: Some(num.text(code)),
        });
    }
    // Times: "3:30", "3:30 p.m.", "10 am", "3pm".
    if let Some(f) = time(tokens, i) {
        return Some(f);
    }
    // Dates written with digits.
    if n.digits {
        if let Some(f) = numeric_date(tokens, i, &n) {
            return Some(f);
        }
    }
    // Quantities.
    if let Some(u) = next.and_then(|x| unit(&x.form)) {
        // "m" after a bare number could be a scale; number() already took scales after digits.
        return Some(Found {
            end: n.end + 1,
            kind: EntityKind::Quantity,
            normalized: Some(n.text(u)),
        });
    }
    if let Some(v) = numeric_ordinal(&t.form) {
        return Some(Found {
            end: i + 1,
            kind: EntityKind::Ordinal,
            normalized: Some(v.to_string()),
        });
    }
    if !n.digits && !tokens[i..n.end].iter().any(numeric_tag) {
        return None;
    }
    Some(Found {
        end: n.end,
        kind: EntityKind::Cardinal,
        normalized: Some(n.text("")),
    })
}

/// Dates written as one token: ISO "2017-05-08" and American "5/8/2017".
fn date_token(t: &Token, i: usize) -> Option<Found> {
    // ISO "2017-05-08".
    if let Some((y, m, d)) = parse_iso_date(&t.form).filter(|_| t.form.len() == 10) {
        return Some(Found {
            end: i + 1,
            kind: EntityKind::Date,
            normalized: Some(iso(y, m, d)),
        });
    }
    // "5/8/2017" (month first, as in American usage).
    let parts: Vec<&str> = t.form.split('/').collect();
    // Two or four digits of year only: longer numbers are not dates (and would overflow the calendar).
    if parts.len() == 3
        && matches!(parts[2].len(), 2 | 4)
        && parts[0].len() <= 2
        && parts[1].len() <= 2
    {
        if let (Ok(m), Ok(d), Ok(y)) = (
            parts[0].parse::<u32>(),
            parts[1].parse::<u32>(),
            parts[2].parse::<i64>(),
        ) {
            let y = match (parts[2].len(), y) {
                (2, y) if y < 50 => 2000 + y,
                (2, y) => 1900 + y,
                _ => y,
            };
            if valid_date(y, m, d) {
                return Some(Found {
                    end: i + 1,
                    kind: EntityKind::Date,
                    normalized: Some(iso(y, m, d)),
                });
            }
        }
    }
    None
}

/// Dates that start with digits: years, year ranges, "8 May 2017", ISO and
/// slashed dates.
fn numeric_date(tokens: &[Token], i: usize, n: &Num) -> Option<Found> {
    let t = &tokens[i];
    // "8 May 2017", "8 May", "8th of May".
    if let Some(d) = day_of_month(t) {
        let mut k = i + 1;
        if tokens.get(k).is_some_and(|x| x.form == "of") {
            k += 1;
        }
        if let Some(m) = tokens.get(k).and_then(|x| month(&x.form)) {
            k += 1;
            if let Some(y) = tokens.get(k).and_then(is_year) {
                if valid_date(y, m, d) {
                    return Some(Found {
                        end: k + 1,
                        kind: EntityKind::Date,
                        normalized: Some(iso(y, m, d)),
                    });
                }
            }
            return Some(Found {
                end: k,
                kind: EntityKind::Date,
                normalized: Some(format!("--{m:02}-{d:02}")),
            });
        }
    }
    // Years and year ranges.
    let lo = n.lo.as_int()?;
    let year_like = |v: i128, form_len: bool| form_len && (1000..=2100).contains(&v);
    if let Some(hi) = n.hi {
        let hi = hi.as_int()?;
        // "2014-15" means 2014 to 2015.
        let hi = if (0..100).contains(&hi) && lo >= 1000 {
            lo - lo % 100 + hi
        } else {
            hi
        };
        if year_like(lo, true) && year_like(hi, true) && hi > lo && !t.form.contains(',') {
            return Some(Found {
                end: n.end,
                kind: EntityKind::Date,
                normalized: Some(format!("{lo}/{hi}")),
            });
        }
        return None;
    }
    if n.end == i + 1 && is_year(t).is_some() {
        // "2000 people" is a count, "in 2000" a year.
        let next = tokens.get(n.end);
        let prev = i.checked_sub(1).map(|p| lower(&tokens[p]));
        let after_prep = prev
            .as_deref()
            .is_some_and(|p| DATE_PREPOSITIONS.contains(&p));
        let counted = next.is_some_and(|x| x.xpos == "NNS" || unit(&x.form).is_some());
        if after_prep || !counted {
            return Some(Found {
                end: i + 1,
                kind: EntityKind::Date,
                normalized: Some(format!("{lo:04}")),
            });
        }
    }
    // Decades: "the 1990s" (kept as text: no ISO 8601 form in xsd).
    if let Some(dec) = t.form.strip_suffix('s') {
        if dec.len() == 4 && dec.ends_with('0') && plain_int(&Token::new(dec, t.span)).is_some() {
            return Some(Found {
                end: i + 1,
                kind: EntityKind::Date,
                normalized: None,
            });
        }
    }
    None
}

/// Times of day.
fn time(tokens: &[Token], i: usize) -> Option<Found> {
    let t = &tokens[i];
    let form = t.form.to_lowercase();
    let (body, mut meridiem) = if let Some(b) = form
        .strip_suffix("pm")
        .or_else(|| form.strip_suffix("p.m."))
    {
        (b.to_string(), Some(12))
    } else if let Some(b) = form
        .strip_suffix("am")
        .or_else(|| form.strip_suffix("a.m."))
    {
        (b.to_string(), Some(0))
    } else {
        (form.clone(), None)
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None if !body.is_empty() && body.len() <= 2 => (body.parse::<u32>().ok()?, 0),
        _ => return None,
    };
    let mut end = i + 1;
    if meridiem.is_none() {
        match tokens.get(end).map(lower).as_deref() {
            Some("pm" | "p.m." | "p.m") => {
                meridiem = Some(12);
                end += 1;
            }
            Some("am" | "a.m." | "a.m") => {
                meridiem = Some(0);
                end += 1;
            }
            _ => {}
        }
    }
    if meridiem.is_none() && !body.contains(':') {
        return None;
    }
    if h > 23 || m > 59 || (meridiem.is_some() && !(1..=12).contains(&h)) {
        return None;
    }
    let h = match meridiem {
        Some(off) => h % 12 + off,
        None => h,
    };
    Some(Found {
        end,
        kind: EntityKind::Time,
        normalized: Some(format!("{h:02}:{m:02}:00")),
    })
}

/// Dates that start with a month name.
fn month_date(tokens: &[Token], i: usize, doc_date: Option<(i64, u32, u32)>) -> Option<Found> {
    let m = month(&tokens[i].form)?;
    let next = tokens.get(i + 1);
    // "May 8, 2017", "May 8".
    if let Some(d) = next.and_then(day_of_month) {
        let mut k = i + 2;
        if tokens.get(k).is_some_and(|x| x.form == ",")
            && tokens.get(k + 1).and_then(is_year).is_some()
        {
            k += 1;
        }
        if let Some(y) = tokens.get(k).and_then(is_year) {
            if valid_date(y, m, d) {
                return Some(Found {
                    end: k + 1,
                    kind: EntityKind::Date,
                    normalized: Some(iso(y, m, d)),
                });
            }
        }
        let normalized = match doc_date {
            Some((y, _, _)) if valid_date(y, m, d) => iso(y, m, d),
            _ => format!("--{m:02}-{d:02}"),
        };
        return Some(Found {
            end: i + 2,
            kind: EntityKind::Date,
            normalized: Some(normalized),
        });
    }
    // "May 2017".
    if let Some(y) = next.and_then(is_year) {
        return Some(Found {
            end: i + 2,
            kind: EntityKind::Date,
            normalized: Some(format!("{y:04}-{m:02}")),
        });
    }
    // A month alone, after a preposition ("in January"); never "may" or "march" alone.
    let ambiguous = matches!(m, 3 | 5);
    let prev = i.checked_sub(1).map(|p| lower(&tokens[p]));
    let after_prep = prev
        .as_deref()
        .is_some_and(|p| DATE_PREPOSITIONS.contains(&p) || matches!(p, "last" | "next" | "this"));
    if !ambiguous && after_prep {
        return Some(Found {
            end: i + 1,
            kind: EntityKind::Date,
            normalized: Some(format!("--{m:02}")),
        });
    }
    None
}

/// Relative dates: weekdays, "yesterday", "last year".
fn relative_date(tokens: &[Token], i: usize, doc_date: Option<(i64, u32, u32)>) -> Option<Found> {
    let t = &tokens[i];
    let today = doc_date.map(|(y, m, d)| days_from_civil(y, m, d));
    let prev = i.checked_sub(1).map(|p| lower(&tokens[p]));
    if let Some(wd) = WEEKDAYS.iter().position(|w| *w == t.form) {
        // News: "on Monday" is the last such day up to the document date, "next Monday" the coming one.
        let normalized = today.map(|today| {
            // 1970-01-01 was a Thursday (index 3 with Monday = 0).
            let today_wd = (today + 3).rem_euclid(7);
            let back = (today_wd - wd as i64).rem_euclid(7);
            let day = if prev.as_deref() == Some("next") {
                today + (7 - back) % 7 + if back == 0 { 7 } else { 0 }
            } else {
                today - back
            };
            let (y, m, d) = civil_from_days(day);
            iso(y, m, d)
        });
        return Some(Found {
            end: i + 1,
            kind: EntityKind::Date,
            normalized,
        });
    }
    let l = lower(t);
    let offset = match l.as_str() {
        "today" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        _ => None,
    };
    if let Some(off) = offset {
        return Some(Found {
            end: i + 1,
            kind: EntityKind::Date,
            normalized: today.map(|t| {
                let (y, m, d) = civil_from_days(t + off);
                iso(y, m, d)
            }),
        });
    }
    let shift = match l.as_str() {
        "last" => Some(-1),
        "this" => Some(0),
        "next" => Some(1),
        _ => None,
    }?;
    let what = tokens.get(i + 1).map(lower)?;
    let normalized = match (what.as_str(), doc_date) {
        ("year", Some((y, _, _))) => Some(format!("{:04}", y + shift)),
        ("month", Some((y, m, _))) => {
            let idx = y * 12 + i64::from(m) - 1 + shift;
            Some(format!(
                "{:04}-{:02}",
                idx.div_euclid(12),
                idx.rem_euclid(12) + 1
            ))
        }
        ("year" | "month" | "week", _) => None,
        _ => return None,
    };
    Some(Found {
        end: i + 2,
        kind: EntityKind::Date,
        normalized,
    })
}

fn ordinal_word(tokens: &[Token], i: usize) -> Option<Found> {
    let t = &tokens[i];
    let v = ordinal_value(&lower(t))?;
    // "a second" is a unit of time; an ordinal is an adjective.
    if !matches!(t.upos, Upos::Adj | Upos::X) {
        return None;
    }
    if t.form == "second" && t.upos == Upos::X && i > 0 && lower(&tokens[i - 1]) == "a" {
        return None;
    }
    Some(Found {
        end: i + 1,
        kind: EntityKind::Ordinal,
        normalized: Some(v.to_string()),
    })
}

/// Finds every value in a sentence's tokens. `doc_date` (ISO 8601, the
/// document's date) anchors relative dates. See the module documentation.
#[must_use]
pub fn find_values(tokens: &[Token], doc_date: Option<&str>) -> Vec<Mention> {
    let date = doc_date.and_then(parse_iso_date);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let first = tokens[i].form.as_bytes().first().copied().unwrap_or(b' ');
        // Cheap pre-filter: most tokens start with a lower-case letter that no rule wants.
        let found = if first.is_ascii_digit() || !first.is_ascii_alphabetic() {
            numeric(tokens, i)
        } else if first.is_ascii_uppercase() {
            month_date(tokens, i, date)
                .or_else(|| relative_date(tokens, i, date))
                .or_else(|| numeric(tokens, i))
                .or_else(|| ordinal_word(tokens, i))
        } else {
            relative_date(tokens, i, date)
                .or_else(|| numeric(tokens, i))
                .or_else(|| ordinal_word(tokens, i))
        };
        match found {
            Some(f) if f.end > i => {
                out.push(Mention {
                    tokens: i as u32..f.end as u32,
                    kind: f.kind,
                    normalized: f.normalized,
                });
                i = f.end;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(Decimal::parse("1,234.50").unwrap().to_string(), "1234.5");
        assert_eq!(Decimal::parse("-0.05").unwrap().to_string(), "-0.05");
        assert_eq!(
            Decimal::parse("4.25")
                .unwrap()
                .times(1_000_000)
                .unwrap()
                .to_string(),
            "4250000"
        );
        assert_eq!(Decimal::ratio(2, 3).to_string(), "0.6667");
        assert!(Decimal::parse("1.2.3").is_none());
        assert!(Decimal::parse("abc").is_none());
        assert!(Decimal::parse("99999999999999999999999999999999999999999").is_none());
    }

    #[test]
    fn calendar() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        for d in [-1000, 0, 17_000, 19_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert!(valid_date(2016, 2, 29));
        assert!(!valid_date(2017, 2, 29));
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `nlp::values`.
    #[test]
    fn doc_values() -> Result<(), Box<dyn std::error::Error>> {
        use crate::nlp::values::find_values;
        use crate::{ByteSpan, EntityKind, Token};

        let words = ["won", "66.1", "percent", "on", "May", "8", ",", "2017"];
        let tokens: Vec<Token> = words
            .iter()
            .map(|w| Token::new(*w, ByteSpan::default()))
            .collect();
        let found = find_values(&tokens, None);
        assert_eq!(found[0].kind, EntityKind::Percent);
        assert_eq!(found[0].normalized.as_deref(), Some("66.1"));
        assert_eq!(found[1].kind, EntityKind::Date);
        assert_eq!(found[1].normalized.as_deref(), Some("2017-05-08"));
        Ok(())
    }
}
