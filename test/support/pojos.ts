/**
 * TypeScript counterparts of the original tests' POJOs (org.apache.ignite.tests.pojos.*), and the
 * class registry the XML fixtures name them by.
 */
import { affinityKey, column } from '../../store';

export class PersonId {
  companyCode = '';
  departmentCode = '';
  @column({ type: 'bigint' }) personNumber = 0n;
}

export class Person {
  @column({ type: 'bigint' }) personNumber = 0n;
  firstName = '';
  lastName = '';
  @column({ type: 'smallint' }) age = 0;
  married = false;
  @column({ type: 'bigint' }) height = 0n;
  @column({ type: 'float' }) weight = 0;
  birthDate = new Date(0);
  /** No CQL mapping declared: stored as a blob with the serializer (as the original). */
  phones: string[] = [];
  department = '';

  /** A calculated field: written, never read back. */
  get fullName(): string {
    return `${this.firstName} ${this.lastName}`;
  }
}

/** The annotated shape: affinity fields form the partition key, the rest cluster. */
export class SimplePersonId {
  @affinityKey() @column({ name: 'company_code' }) companyCode = '';
  @affinityKey() @column({ name: 'department_code' }) departmentCode = '';
  @column({ name: 'person_num', type: 'bigint', descending: true }) personNum = 0n;
}

export class SimplePerson {
  @column({ name: 'person_num', type: 'bigint' }) personNum = 0n;
  @column({ name: 'first_name' }) firstName = '';
  @column({ name: 'last_name' }) lastName = '';
  @column({ type: 'smallint' }) age = 0;
  @column({ index: true }) married = false;
  @column({ type: 'bigint' }) height = 0n;
  @column({ type: 'float' }) weight = 0;
  @column({ name: 'birth_date' }) birthDate = new Date(0);
  phones: string[] = [];
}

export const ORIGINAL_CLASSES = {
  'org.apache.ignite.tests.pojos.PersonId': PersonId,
  'org.apache.ignite.tests.pojos.Person': Person,
  'org.apache.ignite.tests.pojos.SimplePersonId': SimplePersonId,
  'org.apache.ignite.tests.pojos.SimplePerson': SimplePerson,
} as const;

export const FIXTURES = `${__dirname}/../fixtures/descriptors`;
