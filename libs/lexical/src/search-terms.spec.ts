import { productTerms, queryTerms, tokenize } from './search-terms.js';

describe(tokenize.name, () => {
  it('splits Chinese runs into characters and overlapping pairs', () => {
    expect(tokenize('红色连衣裙')).toEqual(['红', '色', '连', '衣', '裙', '红色', '色连', '连衣', '衣裙']);
  });

  it('lower-cases, splits on punctuation and singularises English words', () => {
    expect(tokenize('Red DRESSES, T-Shirts & boots; glass')).toEqual([
      'red',
      'dress',
      't',
      'shirt',
      'boot',
      'glass',
    ]);
  });

  it('separates Latin and Han in one word', () => {
    expect(tokenize('Halcyon的红色T恤')).toEqual(['halcyon', '的', '红', '色', '的红', '红色', 't', '恤']);
  });
});

describe(productTerms.name, () => {
  it('adds the taxonomy synonyms of the category and colour', () => {
    const terms = productTerms({
      title: { en: 'Oakhaven Grey Sneakers', zh: 'Oakhaven 灰色运动鞋' },
      description: { en: '', zh: '' },
      brand: 'Oakhaven',
      category: 'sneaker',
      colour: 'grey',
    }).split(' ');
    expect(terms).toEqual(expect.arrayContaining(['trainer', 'gray', 'oakhaven', '运动']));
  });
});

describe(queryTerms.name, () => {
  it('dedupes and caps the terms', () => {
    expect(queryTerms('dress dress dress')).toEqual(['dress']);
    expect(queryTerms(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '))).toHaveLength(48);
  });
});
