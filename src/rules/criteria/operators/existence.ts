import type { CriteriaOperator } from './criteria-operator.js';

export const exists: CriteriaOperator = {
  name: 'exists',
  ignoresPattern: true,
  prepare: () => (value) => value !== null && value !== undefined,
};

export const nexists: CriteriaOperator = {
  name: 'nexists',
  ignoresPattern: true,
  prepare: () => (value) => value === null || value === undefined,
};
