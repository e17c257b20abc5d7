import { pick } from './rng.js';
import type { CategoryVocab, ColourVocab } from './vocabulary.js';

/** Invented first names; Chinese ones write the Chinese reviews and some English ones. */
const EN_AUTHORS = [
  'Mia',
  'Lukas',
  'Sofia',
  'Noah',
  'Emma',
  'Jonas',
  'Olivia',
  'Liam',
  'Hannah',
  'Mateo',
  'Chloe',
  'Felix',
  'Ava',
  'Elias',
  'Nora',
  'Leo',
  'Isla',
  'Omar',
  'Priya',
  'Ines',
];
const ZH_AUTHORS = ['小雨', '子涵', '浩然', '欣怡', '梓萱', '宇轩', '思远', '雨桐', '佳怡', '俊杰'];
const PINYIN_AUTHORS = ['Wei', 'Lina', 'Jun', 'Mei', 'Xiaoyu', 'Hao'];

export type Lang = 'en' | 'zh';
type Mood = 'good' | 'mixed' | 'bad';
type Lines = Record<Mood, string[]>;

/** `{colour}` and `{category}` are filled from the vocabulary in the review's language. */
const OPENERS: Record<Lang, Lines> = {
  en: {
    good: ['Love it!', 'Really happy with this.', 'Exactly what I was looking for.', 'Great buy.'],
    mixed: ["It's okay.", 'Mixed feelings.', 'Decent, not amazing.'],
    bad: ['Disappointed.', 'Would not buy again.', 'Not as described.'],
  },
  zh: {
    good: ['非常喜欢！', '很满意。', '正是我想要的。', '物超所值。'],
    mixed: ['还行吧。', '一般般。', '中规中矩。'],
    bad: ['很失望。', '不会再买了。', '和描述不符。'],
  },
};

const ASPECTS: Record<Lang, Record<'fit' | 'colour' | 'quality', Lines>> = {
  en: {
    fit: {
      good: ['Fits true to size.', 'The fit is perfect, I took my usual size.', 'Comfortable all day.'],
      mixed: ['Runs a little small, consider sizing up.', 'The fit is a bit loose.'],
      bad: ['Way too small, I had to return it.', "The cut is strange and it doesn't fit well."],
    },
    colour: {
      good: ['The {colour} is exactly as in the photos.', 'Lovely {colour}, even nicer in person.'],
      mixed: ['The {colour} is a bit duller than in the pictures.', 'Colour is close enough.'],
      bad: ['Not really {colour}, nothing like the photo.', 'The {colour} faded after one wash.'],
    },
    quality: {
      good: ['Good quality {category}, the stitching is solid.', 'Feels well made for the price.'],
      mixed: ['Quality is fine for the price.', 'Some loose threads on my {category}, but okay.'],
      bad: ['Poor quality, it fell apart after a week.', 'The material feels cheap for a {category}.'],
    },
  },
  zh: {
    fit: {
      good: ['尺码很准。', '版型很好，穿着舒服。', '穿一整天都很舒服。'],
      mixed: ['偏小一点，建议买大一码。', '有点宽松。'],
      bad: ['太小了，只能退货。', '版型很奇怪，不合身。'],
    },
    colour: {
      good: ['{colour}和图片一模一样。', '{colour}很好看，实物更漂亮。'],
      mixed: ['颜色比图片暗一点。', '{colour}有一点色差，还能接受。'],
      bad: ['颜色和图片差很多，不是{colour}。', '洗了一次就掉色了。'],
    },
    quality: {
      good: ['质量很好，做工扎实。', '这个价格的{category}，质量不错。'],
      mixed: ['质量一般，对得起价格。', '{category}有些线头，但还可以。'],
      bad: ['质量很差，一周就坏了。', '面料感觉很廉价。'],
    },
  },
};

const CLOSERS: Record<Lang, Lines> = {
  en: {
    good: ['Would recommend.', 'Buying another colour.'],
    mixed: ['Fine for everyday.'],
    bad: ['Returned it.'],
  },
  zh: { good: ['推荐购买。', '会回购的。'], mixed: ['日常穿还行。'], bad: ['已退货。'] },
};

const mood = (rating: number): Mood => (rating >= 4 ? 'good' : rating === 3 ? 'mixed' : 'bad');

export function pickAuthor(random: () => number, lang: Lang): string {
  if (lang === 'zh') return pick(random, ZH_AUTHORS);
  return random() < 0.2 ? pick(random, PINYIN_AUTHORS) : pick(random, EN_AUTHORS);
}

/** An opener, one or two of fit/colour/quality in the rating's mood, sometimes a closer. */
export function reviewText(
  random: () => number,
  lang: Lang,
  rating: number,
  colour: ColourVocab,
  category: CategoryVocab,
): string {
  const m = mood(rating);
  const aspects = (['fit', 'colour', 'quality'] as const).filter(() => random() < 0.6);
  if (aspects.length === 0) aspects.push(pick(random, ['fit', 'colour', 'quality'] as const));
  const sentences = [
    pick(random, OPENERS[lang][m]),
    ...aspects.slice(0, 2).map((a) => pick(random, ASPECTS[lang][a][m])),
    ...(random() < 0.3 ? [pick(random, CLOSERS[lang][m])] : []),
  ];
  const categoryName = lang === 'en' ? category.en : category.zh;
  return sentences
    .join(lang === 'en' ? ' ' : '')
    .replaceAll('{colour}', lang === 'en' ? colour.en : colour.zh)
    .replaceAll('{category}', categoryName);
}
