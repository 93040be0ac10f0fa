import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { Dispatch } from 'react';
import { Link } from 'react-router';
import { fetchApi } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SEX_LABELS } from '../../ui/labels';
import { ResidentForm } from '../residents/ResidentForm';
import { ResidentSearch } from '../residents/ResidentSearch';
import type { Applicant, IntakeAction, IntakeState } from './intakeState';

const looksLikeId = (q: string) => /^\d{17}[\dxX]$/.test(q.trim());
const looksLikeName = (q: string) => /^[\p{Script=Han}·]{2,}$/u.test(q.trim());

/** The fields of a resident the intake keeps, from any of the residents' answers. */
export const applicantOf = (r: Applicant): Applicant => ({ id: r.id, name: r.name, idNumber: r.idNumber, sex: r.sex, age: r.age, phone: r.phone });

/** 1 申请人: search (or register) the resident, then the chosen applicant with 更换. */
export function ApplicantSection({
  state: { applicant, registering, fieldErrors },
  dispatch,
  onChoose,
}: {
  state: IntakeState;
  dispatch: Dispatch<IntakeAction>;
  onChoose(applicant: Applicant): void;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-label="申请人">
      <Stack gap="sm">
        <Title order={4}>1 申请人</Title>
        {applicant ? (
          <Group justify="space-between" wrap="nowrap" data-testid="applicant">
            <Group gap="md" wrap="nowrap" miw={0}>
              <Text fw={700} size="lg" data-testid="applicant-name">
                {applicant.name}
              </Text>
              <Text size="sm">
                {SEX_LABELS[applicant.sex]} · {applicant.age} 岁
              </Text>
              <Text size="sm" ff="monospace">
                {applicant.idNumber}
              </Text>
              {applicant.phone && (
                <Text size="sm" ff="monospace" c="dimmed">
                  {applicant.phone}
                </Text>
              )}
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Anchor component={Link} to={`/residents/${applicant.id}`} size="sm" target="_blank">
                居民档案
              </Anchor>
              <Button size="xs" variant="default" onClick={() => dispatch({ type: 'clearApplicant' })}>
                更换（Alt+S）
              </Button>
            </Group>
          </Group>
        ) : registering ? (
          <ResidentForm
            label="登记居民"
            initialIdNumber={looksLikeId(registering.query) ? registering.query.trim() : undefined}
            initialName={looksLikeName(registering.query) ? registering.query.trim() : undefined}
            submitLabel="登记并选为申请人（Enter）"
            onSaved={(r) => onChoose(applicantOf(r))}
            onCancel={() => dispatch({ type: 'cancelRegister' })}
            onExisting={(id) => void fetchApi('residents.get', { id }).then((r) => onChoose(applicantOf(r)))}
          />
        ) : (
          <ResidentSearch
            openLabel="选择"
            onOpen={(r) => onChoose(applicantOf(r))}
            renderEmpty={(q) => (
              <Button size="xs" onClick={() => dispatch({ type: 'register', query: q })}>
                登记新居民
              </Button>
            )}
          />
        )}
        {!applicant && !registering && (
          <Group gap="xs">
            <Button size="xs" variant="subtle" onClick={() => dispatch({ type: 'register', query: '' })}>
              登记新居民
            </Button>
          </Group>
        )}
        <ErrorAlert error={fieldErrors.residentId}>
          {applicant && (
            <Anchor component={Link} to={`/residents/${applicant.id}`} size="sm">
              到居民档案登记户和家庭成员
            </Anchor>
          )}
        </ErrorAlert>
      </Stack>
    </Paper>
  );
}
