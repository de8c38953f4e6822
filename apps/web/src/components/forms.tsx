// The console's form pieces come from the UI kit; this module keeps the names the pages import.
export {
  Button,
  buttonClasses,
  FieldError,
  FormError,
  FormNotice,
  fieldError,
  formError,
  inputClass,
  SelectField,
  type ServerError,
  TextareaField,
  TextField,
} from "@skyport/ui";
