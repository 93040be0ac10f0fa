import { pinyin } from 'pinyin-pro';

export interface NamePinyin {
  /** 'zhangsan'; '' when no character has a reading */
  full: string;
  /** 'zs' */
  initials: string;
}

/**
 * Search keys for a name. `surname: 'head'` reads the first character as a surname
 * (单 shan, 曾 zeng, 仇 qiu, 乐 yue, 解 xie, 区 ou). Characters without a reading in the
 * dictionary (𠮷 comes back unchanged) are left out, so such names are found by name,
 * not by pinyin; Latin letters (foreigners' names) are kept in lower case so that the
 * same path finds them regardless of case.
 */
export function namePinyin(name: string): NamePinyin {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true });
  let full = '';
  let initials = '';
  let inLatinWord = false;
  const chars = Array.from(name);
  // pinyin-pro returns one element per character; if that ever changes, fall back to
  // judging the element alone.
  const aligned = chars.length === syllables.length;
  syllables.forEach((s, i) => {
    const han = aligned ? /\p{Script=Han}/u.test(chars[i]!) : !/^[A-Za-z]$/.test(s);
    if (han && /^[a-zü]+$/.test(s)) {
      const syllable = s.replace(/ü/g, 'v');
      full += syllable;
      initials += syllable[0];
      inLatinWord = false;
    } else if (/^[A-Za-z]$/.test(s)) {
      full += s.toLowerCase();
      if (!inLatinWord) initials += s.toLowerCase();
      inLatinWord = true;
    } else {
      inLatinWord = false;
    }
  });
  return { full, initials };
}
