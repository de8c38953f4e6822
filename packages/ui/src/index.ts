export { Breadcrumbs, type Crumb, type LinkComponent } from "./breadcrumbs.tsx";
export { Button, type ButtonVariant, buttonClasses } from "./button.tsx";
export { Card, CardBody, cardClass } from "./card.tsx";
export { cn } from "./cn.ts";
export { ConfirmAction } from "./confirm-action.tsx";
export { type Description, DescriptionList } from "./description-list.tsx";
export {
  CheckboxField,
  describedBy,
  FieldError,
  FieldHint,
  FormError,
  FormNotice,
  inputClass,
  Label,
  NumberField,
  type RadioCardOption,
  RadioCards,
  SelectField,
  TextareaField,
  TextField,
} from "./field.tsx";
export { FormShell } from "./form-shell.tsx";
export { PageLoading } from "./loading.tsx";
export { EmptyState, NoAccess, Notice, type NoticeTone } from "./notice.tsx";
export { PageHeader } from "./page-header.tsx";
export { fieldError, formError, type ServerError } from "./server-error.ts";
export { StatusBadge, type StatusTone } from "./status-badge.tsx";
export { ActionsTh, HeaderRow, Table, TBody, Td, THead, Th, Tr, Truncate } from "./table.tsx";
export { asSentence } from "./text.ts";
export { useTextInputs } from "./text-inputs.ts";
