// The newsroom's tables: staff, their sessions, passkeys, one-time links, WebAuthn challenges and the audit log.
// Idempotent, like the migrations before it: a test may step back over them and run them again.
import { sql, type Transaction } from 'kysely';
import type { Dialect } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import './tables.ts';

export async function up(tx: Transaction<Database>, dialect: Dialect): Promise<void> {
  await tx.schema
    .createTable('staff')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('contributor', 'author', 'editor', 'admin')`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('invited', 'active', 'disabled')`))
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_pending', 'text')
    .addColumn('totp_last_step', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await tx.schema
    .createTable('staff_sessions')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .execute();
  await tx.schema.createIndex('staff_sessions_staff').ifNotExists().on('staff_sessions').column('staff_id').execute();
  await tx.schema
    .createTable('staff_passkeys')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await tx.schema.createIndex('staff_passkeys_staff').ifNotExists().on('staff_passkeys').column('staff_id').execute();
  await tx.schema
    .createTable('staff_links')
    .ifNotExists()
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('invite', 'reset')`))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await tx.schema
    .createTable('staff_challenges')
    .ifNotExists()
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('register', 'authenticate')`))
    .addColumn('staff_id', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await tx.schema
    .createTable('audit_log')
    .ifNotExists()
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('ip', 'text')
    .addColumn('detail', 'text')
    .execute();
  await tx.schema.createIndex('audit_log_at').ifNotExists().on('audit_log').column('at').execute();
  await tx.schema.createIndex('audit_log_actor').ifNotExists().on('audit_log').columns(['actor_id', 'at']).execute();
}
