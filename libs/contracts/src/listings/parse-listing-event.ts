import { InvalidMessageError, parseMessage } from '../message-validation.js';
import { ListingEventV1 } from './listing-events.v1.js';

export function parseListingEvent(value: string): ListingEventV1 {
  const event = parseMessage(ListingEventV1, value);
  if (event.type === 'listing.upserted' && !event.product) {
    throw new InvalidMessageError('product: required on listing.upserted');
  }
  return event;
}
