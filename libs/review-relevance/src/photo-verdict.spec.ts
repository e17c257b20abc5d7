import { QUALITY_LIMITS, decideVerdict, type PhotoScores } from './photo-verdict.js';

const thresholds = { hide: 0.5, show: 0.8 };
const scores = (overrides: Partial<PhotoScores> = {}): PhotoScores => ({
  image_similarity: 0.8,
  text_similarity: 0.5,
  logit: 2,
  pixel_std: 40,
  width: 112,
  height: 112,
  ...overrides,
});

describe(decideVerdict.name, () => {
  it('shows a photo the head is sure of', () => {
    expect(decideVerdict(scores(), 0.95, thresholds)).toEqual({ verdict: 'relevant', reasons: [] });
  });

  it('sends an unsure photo to moderators and hides an unlikely one', () => {
    expect(decideVerdict(scores(), 0.6, thresholds)).toEqual({
      verdict: 'needs_review',
      reasons: ['uncertain'],
    });
    expect(decideVerdict(scores(), 0.1, thresholds)).toEqual({
      verdict: 'irrelevant',
      reasons: ['unlike_product'],
    });
  });

  it('hides photos that fail a quality check, with every failed check as a reason', () => {
    const tiny = scores({ width: QUALITY_LIMITS.minSide - 1, pixel_std: 1, duplicate_of: 'review-photo:3' });
    expect(decideVerdict(tiny, 0.99, thresholds)).toEqual({
      verdict: 'irrelevant',
      reasons: ['too_small', 'near_uniform', 'duplicate'],
    });
  });

  it('lets a moderator look at a near-uniform photo the head is sure shows the product', () => {
    expect(decideVerdict(scores({ pixel_std: 2 }), 0.9, thresholds)).toEqual({
      verdict: 'needs_review',
      reasons: ['near_uniform'],
    });
    expect(decideVerdict(scores({ pixel_std: 2 }), 0.7, thresholds).verdict).toBe('irrelevant');
  });

  it('without a head, leaves clean photos to moderators', () => {
    expect(decideVerdict(scores(), undefined, thresholds)).toEqual({
      verdict: 'needs_review',
      reasons: ['no_relevance_head'],
    });
    expect(decideVerdict(scores({ pixel_std: 0 }), undefined, thresholds).verdict).toBe('irrelevant');
  });
});
