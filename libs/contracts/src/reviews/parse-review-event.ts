import { parseMessage } from '../message-validation.js';
import { ReviewEventV1 } from './review-events.v1.js';

export const parseReviewEvent = (value: string): ReviewEventV1 => parseMessage(ReviewEventV1, value);
