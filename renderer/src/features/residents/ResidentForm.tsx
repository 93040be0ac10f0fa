import { Badge, Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { useApiMutation } from '../../api/query';
import { normalizePhone, PHONE_MESSAGE } from '../../../../db/src/shared/phone';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { SEX_LABELS } from '../../ui/labels';
import { liveIdCheck } from './idCheck';
import { todayInShanghai, type ResidentView } from './format';

type Values = { idNumber: string; name: string; phone: string; address: string; bankName: string; bankAccount: string; hukou: Hukou; hukouDistrict: string };
type Hukou = 'local' | 'other';
type Key = keyof Values;

export interface ResidentFormProps {
  /** edit this resident; without it the form registers a new one */
  resident?: ResidentView;
  /** prefill for a new registration, e.g. the ID number the clerk searched for */
  initialIdNumber?: string;
  initialName?: string;
  onSaved(resident: ResidentView): void;
  onCancel?(): void;
  /** the ID number is already registered: offer to open that resident instead */
  onExisting?(residentId: number): void;
  autoFocus?: boolean;
  submitLabel?: string;
  /** accessible name of the form */
  label?: string;
}

const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: '0.02em' } };

// 本市户籍 is what most residents of a sub-district are; the clerk changes it from the 户口簿.
const blank: Values = { idNumber: '', name: '', phone: '', address: '', bankName: '', bankAccount: '', hukou: 'local', hukouDistrict: '' };

function startValues(r: ResidentView | undefined, idNumber?: string, name?: string): Values {
  if (!r) return { ...blank, idNumber: idNumber ?? '', name: name ?? '' };
  // Masked values stand in the boxes; only what the clerk retypes is sent.
  return {
    idNumber: r.idNumber,
    name: r.name,
    phone: r.phone ?? '',
    address: r.address ?? '',
    bankName: r.bankName ?? '',
    bankAccount: r.bankAccount ?? '',
    hukou: r.hukou,
    hukouDistrict: r.hukouDistrict ?? '',
  };
}

/** The core's refusal of a save as messages at the inputs they concern. */
function placedErrors(err: unknown): Record<string, string> {
  const fields = fieldErrors(err);
  if (!(err instanceof ApiError)) return fields;
  if (fields.idNumber && typeof err.details.partLabel === 'string') fields.idNumber = `【${err.details.partLabel}有误】${fields.idNumber}`;
  // The ID number is registered already: say so at the number, not in a corner.
  if (existingResidentOf(err) !== null) fields.idNumber = err.message;
  return fields;
}

/** The resident an ID number already belongs to, when that is why the save was refused. */
function existingResidentOf(err: unknown): number | null {
  return err instanceof ApiError && err.code === 'CONFLICT' && typeof err.details.residentId === 'number' ? err.details.residentId : null;
}

/**
 * Registers a resident or edits one. The ID number is checked live against GB 11643 as it
 * is typed (the birth date and sex it carries are shown, a failed part is named), the phone
 * when the box is left; the server's own errors land next to the field they concern, and the
 * typed values stay. Embedded inline by the intake screen.
 */
export function ResidentForm({
  resident,
  initialIdNumber,
  initialName,
  onSaved,
  onCancel,
  onExisting,
  autoFocus = true,
  submitLabel,
  label,
}: ResidentFormProps) {
  const original = useMemo(() => startValues(resident, initialIdNumber, initialName), [resident, initialIdNumber, initialName]);
  const [values, setValues] = useState<Values>(original);
  const [touched, setTouched] = useState<Partial<Record<Key, boolean>>>({});
  // Inputs retyped since the last refused save: their message from the core goes.
  const [retyped, setRetyped] = useState<ReadonlySet<Key>>(new Set());
  const [nothingChanged, setNothingChanged] = useState(false);
  const today = useMemo(todayInShanghai, []);
  const editing = !!resident;
  const register = useApiMutation('residents.register', { awaitRefresh: false });
  // The household's member list shows names and ID numbers too (case lists read again
  // whenever they are shown). The form closes at once; the reads refresh behind it.
  const update = useApiMutation('residents.update', { invalidates: ['households'], awaitRefresh: false });
  const saving = editing ? update : register;
  const busy = saving.isPending;
  const placed = useMemo(() => placedErrors(saving.error), [saving.error]);
  const serverErrors: Record<string, string> = Object.fromEntries(Object.entries(placed).filter(([k]) => !retyped.has(k as Key)));
  const existingId = retyped.has('idNumber') ? null : existingResidentOf(saving.error);

  const changed = (k: Key) => values[k].trim() !== original[k].trim();
  const set = (k: Key) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value;
    // only the 户籍 select sets `hukou`, with one of its own options
    setValues((old) => ({ ...old, [k]: v }) as Values);
    setRetyped((old) => (old.has(k) ? old : new Set(old).add(k)));
  };
  const blur = (k: Key) => () => setTouched((t) => ({ ...t, [k]: true }));

  const idUnchanged = editing && !changed('idNumber');
  const id = idUnchanged ? null : liveIdCheck(values.idNumber, today, !!touched.idNumber);

  let idError: ReactNode = serverErrors.idNumber ?? null;
  if (!idError && id?.state === 'error') {
    idError = (
      <span data-part={id.part}>
        【{id.partLabel}有误】{id.message}
      </span>
    );
  }
  let idDescription: ReactNode = '18 位，末位可为 X（小写 x 自动转为大写）';
  if (idUnchanged) idDescription = '已脱敏显示，未更改；如需更正请输入完整的新号码';
  else if (id?.state === 'typing') {
    idDescription = `已输入 ${id.count} / 18 位${id.birthDate ? `，出生日期 ${id.birthDate}` : ''}${id.sex ? `，${SEX_LABELS[id.sex]}` : ''}`;
  } else if (id?.state === 'ok') {
    idDescription = (
      <Text span size="xs" c="green.8" data-testid="id-derived">
        ✓ 号码有效：出生日期 {id.birthDate}，{SEX_LABELS[id.sex]}，{id.age} 岁
      </Text>
    );
  }

  const phoneUnchanged = editing && !changed('phone');
  const phoneTyped = values.phone.trim();
  const phoneNormal = phoneTyped && !phoneUnchanged ? normalizePhone(phoneTyped) : null;
  const phoneError = serverErrors.phone ?? (touched.phone && phoneTyped && !phoneUnchanged && phoneNormal === null ? PHONE_MESSAGE : null);
  const phoneDescription = phoneUnchanged && phoneTyped
    ? '已脱敏显示，未更改；如需修改请输入完整号码，清空则删除'
    : phoneNormal && phoneNormal !== phoneTyped
      ? `将保存为 ${phoneNormal}`
      : '手机 11 位，或带区号的固定电话（如 021-12345678）';

  const accountUnchanged = editing && !changed('bankAccount');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRetyped(new Set());
    setNothingChanged(false);
    setTouched({ idNumber: true, phone: true });
    if (!resident) {
      register.mutate({ ...values }, { onSuccess: onSaved });
      return;
    }
    const patch: Partial<Record<Key, string>> = {};
    (Object.keys(values) as Key[]).forEach((k) => {
      if (changed(k)) patch[k] = values[k];
    });
    if (Object.keys(patch).length === 0) {
      update.reset();
      setNothingChanged(true);
      return;
    }
    update.mutate({ id: resident.id, ...patch, hukou: patch.hukou as Hukou | undefined }, { onSuccess: onSaved });
  };

  return (
    <form
      onSubmit={submit}
      aria-label={label ?? (editing ? '修改居民信息' : '登记居民')}
      noValidate
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onCancel) {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <Stack gap="sm">
        <SimpleGrid cols={2} spacing="md" verticalSpacing="sm">
          <TextInput
            label="身份证号码"
            withAsterisk
            value={values.idNumber}
            onChange={set('idNumber')}
            onBlur={blur('idNumber')}
            error={idError}
            description={idError ? undefined : idDescription}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            autoFocus={autoFocus}
            data-autofocus={autoFocus || undefined}
            autoComplete="off"
            spellCheck={false}
            maxLength={24}
            styles={MONO}
          />
          <TextInput
            label="姓名"
            withAsterisk
            value={values.name}
            onChange={set('name')}
            error={serverErrors.name}
            description="与证件一致；生僻字（如 𠮷）可粘贴或用输入法的生僻字功能输入"
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            autoComplete="off"
            spellCheck={false}
          />
          <TextInput
            label="电话"
            value={values.phone}
            onChange={set('phone')}
            onBlur={blur('phone')}
            error={phoneError}
            description={phoneError ? undefined : phoneDescription}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            autoComplete="off"
          />
          <TextInput label="地址" value={values.address} onChange={set('address')} error={serverErrors.address} autoComplete="off" />
          <TextInput label="开户银行" value={values.bankName} onChange={set('bankName')} error={serverErrors.bankName} autoComplete="off" />
          <TextInput
            label="银行账号"
            value={values.bankAccount}
            onChange={set('bankAccount')}
            error={serverErrors.bankAccount}
            description={accountUnchanged && values.bankAccount ? '已脱敏显示，未更改' : '用于待遇发放，6–32 位数字'}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            autoComplete="off"
            styles={MONO}
          />
          <NativeSelect
            label="户籍"
            value={values.hukou}
            onChange={set('hukou')}
            error={serverErrors.hukou}
            data={[
              { value: 'local', label: '本市户籍' },
              { value: 'other', label: '外省市户籍' },
            ]}
            description="以户口簿为准；部分事项限本市户籍申请"
            inputWrapperOrder={['label', 'input', 'description', 'error']}
          />
          <TextInput
            label="户籍所在区"
            value={values.hukouDistrict}
            onChange={set('hukouDistrict')}
            error={serverErrors.hukouDistrict}
            description="如 黄浦区；外省市户籍可写省市"
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            autoComplete="off"
          />
        </SimpleGrid>
        <ErrorAlert error={nothingChanged ? '没有要修改的项' : saving.error} placed={(path) => path in blank} title={editing ? '未保存' : '未登记'}>
          {existingId !== null && onExisting && (
            <Button size="xs" variant="light" onClick={() => onExisting(existingId)}>
              打开已登记的居民
            </Button>
          )}
        </ErrorAlert>
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel ?? (editing ? '保存修改（Enter）' : '登记（Enter）')}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel} disabled={busy}>
              取消（Esc）
            </Button>
          )}
          {!editing && id?.state === 'ok' && (
            <Badge variant="light" color="green">
              {SEX_LABELS[id.sex]} · {id.birthDate}
            </Badge>
          )}
        </Group>
      </Stack>
    </form>
  );
}
