import { InvalidInputError } from '../../domain/errors.js';

/**
 * Reads one page of a listing. The store names a cursor it cannot read `cursor`; over HTTP it is the
 * query parameter `query.cursor`, named like every other bad query parameter.
 */
export async function readPage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof InvalidInputError && error.fields.includes('cursor')) {
      throw new InvalidInputError(error.message, error.fields.map((field) => (field === 'cursor' ? 'query.cursor' : field)));
    }
    throw error;
  }
}
