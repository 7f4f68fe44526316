export { formatDate, formatDateTime } from '../../components/format';
