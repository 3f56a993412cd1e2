"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('uuid', name=op.f('uq_events_uuid'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_event_date'), ['event_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_year'), ['year'], unique=False)

    op.create_table('finished_goods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finished_goods')),
    sa.UniqueConstraint('name', name=op.f('uq_finished_goods_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_finished_goods_slug')),
    sa.UniqueConstraint('uuid', name=op.f('uq_finished_goods_uuid'))
    )
    op.create_table('ingredients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('density', sa.String(length=100), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ingredients')),
    sa.UniqueConstraint('name', name=op.f('uq_ingredients_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_ingredients_slug')),
    sa.UniqueConstraint('uuid', name=op.f('uq_ingredients_uuid'))
    )
    op.create_table('packages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packages')),
    sa.UniqueConstraint('name', name=op.f('uq_packages_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_packages_slug')),
    sa.UniqueConstraint('uuid', name=op.f('uq_packages_uuid'))
    )
    op.create_table('recipes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recipes')),
    sa.UniqueConstraint('name', name=op.f('uq_recipes_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_recipes_slug')),
    sa.UniqueConstraint('uuid', name=op.f('uq_recipes_uuid'))
    )
    op.create_table('recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('household', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recipients')),
    sa.UniqueConstraint('slug', name=op.f('uq_recipients_slug')),
    sa.UniqueConstraint('uuid', name=op.f('uq_recipients_uuid'))
    )
    op.create_table('assembly_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('finished_good_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('total_component_cost', sa.BigInteger(), nullable=False),
    sa.Column('per_unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('packaging_bypassed', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('bypass_notes', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('assembled_at', sa.DateTime(), nullable=False),
    sa.Column('reversed', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('reversed_at', sa.DateTime(), nullable=True),
    sa.Column('reversal_reason', sa.Text(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=200), nullable=True),
    sa.Column('request_fingerprint', sa.String(length=64), nullable=True),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_assembly_runs_positive_quantity')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_assembly_runs_event_id_events')),
    sa.ForeignKeyConstraint(['finished_good_id'], ['finished_goods.id'], name=op.f('fk_assembly_runs_finished_good_id_finished_goods')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assembly_runs')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_assembly_runs_idempotency_key')),
    sa.UniqueConstraint('uuid', name=op.f('uq_assembly_runs_uuid'))
    )
    with op.batch_alter_table('assembly_runs', schema=None) as batch_op:
        batch_op.create_index('ix_assembly_runs_event', ['event_id', 'finished_good_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assembly_runs_finished_good_id'), ['finished_good_id'], unique=False)
        batch_op.create_index('ix_assembly_runs_history', ['assembled_at', 'id'], unique=False)

    op.create_table('assembly_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('finished_good_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_assembly_targets_positive_quantity')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_assembly_targets_event_id_events')),
    sa.ForeignKeyConstraint(['finished_good_id'], ['finished_goods.id'], name=op.f('fk_assembly_targets_finished_good_id_finished_goods')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assembly_targets')),
    sa.UniqueConstraint('event_id', 'finished_good_id', name='uq_assembly_targets_event_good'),
    sa.UniqueConstraint('uuid', name=op.f('uq_assembly_targets_uuid'))
    )
    with op.batch_alter_table('assembly_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assembly_targets_event_id'), ['event_id'], unique=False)

    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.CheckConstraint('quantity >= 1', name=op.f('ck_assignments_positive_quantity')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_assignments_event_id_events')),
    sa.ForeignKeyConstraint(['package_id'], ['packages.id'], name=op.f('fk_assignments_package_id_packages')),
    sa.ForeignKeyConstraint(['recipient_id'], ['recipients.id'], name=op.f('fk_assignments_recipient_id_recipients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments')),
    sa.UniqueConstraint('uuid', name=op.f('uq_assignments_uuid'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_event_id'), ['event_id'], unique=False)

    op.create_table('finished_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('recipe_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('items_per_batch', sa.Integer(), nullable=False),
    sa.CheckConstraint('items_per_batch > 0', name=op.f('ck_finished_units_positive_items')),
    sa.ForeignKeyConstraint(['recipe_id'], ['recipes.id'], name=op.f('fk_finished_units_recipe_id_recipes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finished_units')),
    sa.UniqueConstraint('slug', name=op.f('uq_finished_units_slug')),
    sa.UniqueConstraint('uuid', name=op.f('uq_finished_units_uuid'))
    )
    with op.batch_alter_table('finished_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finished_units_recipe_id'), ['recipe_id'], unique=False)

    op.create_table('package_contents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('finished_good_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity >= 1', name=op.f('ck_package_contents_positive_quantity')),
    sa.ForeignKeyConstraint(['finished_good_id'], ['finished_goods.id'], name=op.f('fk_package_contents_finished_good_id_finished_goods')),
    sa.ForeignKeyConstraint(['package_id'], ['packages.id'], name=op.f('fk_package_contents_package_id_packages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_package_contents'))
    )
    with op.batch_alter_table('package_contents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_package_contents_package_id'), ['package_id'], unique=False)

    op.create_table('production_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('recipe_id', sa.Integer(), nullable=False),
    sa.Column('batches', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.CheckConstraint('batches > 0', name=op.f('ck_production_targets_positive_batches')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_production_targets_event_id_events')),
    sa.ForeignKeyConstraint(['recipe_id'], ['recipes.id'], name=op.f('fk_production_targets_recipe_id_recipes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_production_targets')),
    sa.UniqueConstraint('event_id', 'recipe_id', name='uq_production_targets_event_recipe'),
    sa.UniqueConstraint('uuid', name=op.f('uq_production_targets_uuid'))
    )
    with op.batch_alter_table('production_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_production_targets_event_id'), ['event_id'], unique=False)

    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('ingredient_id', sa.Integer(), nullable=False),
    sa.Column('brand', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('package_unit', sa.String(length=32), nullable=False),
    sa.Column('package_unit_quantity', sa.BigInteger(), nullable=False),
    sa.Column('preferred', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.CheckConstraint('package_unit_quantity > 0', name=op.f('ck_products_positive_quantity')),
    sa.ForeignKeyConstraint(['ingredient_id'], ['ingredients.id'], name=op.f('fk_products_ingredient_id_ingredients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('slug', name=op.f('uq_products_slug')),
    sa.UniqueConstraint('uuid', name=op.f('uq_products_uuid'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_products_ingredient_id'), ['ingredient_id'], unique=False)

    op.create_table('recipe_components',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipe_id', sa.Integer(), nullable=False),
    sa.Column('component_recipe_id', sa.Integer(), nullable=False),
    sa.Column('multiplier', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('multiplier > 0', name=op.f('ck_recipe_components_positive_multiplier')),
    sa.ForeignKeyConstraint(['component_recipe_id'], ['recipes.id'], name=op.f('fk_recipe_components_component_recipe_id_recipes')),
    sa.ForeignKeyConstraint(['recipe_id'], ['recipes.id'], name=op.f('fk_recipe_components_recipe_id_recipes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recipe_components')),
    sa.UniqueConstraint('recipe_id', 'component_recipe_id', name='uq_recipe_components_pair')
    )
    with op.batch_alter_table('recipe_components', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recipe_components_recipe_id'), ['recipe_id'], unique=False)

    op.create_table('recipe_ingredients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipe_id', sa.Integer(), nullable=False),
    sa.Column('ingredient_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit', sa.String(length=32), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_recipe_ingredients_positive_quantity')),
    sa.ForeignKeyConstraint(['ingredient_id'], ['ingredients.id'], name=op.f('fk_recipe_ingredients_ingredient_id_ingredients')),
    sa.ForeignKeyConstraint(['recipe_id'], ['recipes.id'], name=op.f('fk_recipe_ingredients_recipe_id_recipes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recipe_ingredients'))
    )
    with op.batch_alter_table('recipe_ingredients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recipe_ingredients_recipe_id'), ['recipe_id'], unique=False)

    op.create_table('finished_good_components',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finished_good_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('finished_unit_id', sa.Integer(), nullable=True),
    sa.Column('component_good_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_finished_good_components_positive_quantity')),
    sa.ForeignKeyConstraint(['component_good_id'], ['finished_goods.id'], name=op.f('fk_finished_good_components_component_good_id_finished_goods')),
    sa.ForeignKeyConstraint(['finished_good_id'], ['finished_goods.id'], name=op.f('fk_finished_good_components_finished_good_id_finished_goods')),
    sa.ForeignKeyConstraint(['finished_unit_id'], ['finished_units.id'], name=op.f('fk_finished_good_components_finished_unit_id_finished_units')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_finished_good_components_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finished_good_components'))
    )
    with op.batch_alter_table('finished_good_components', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finished_good_components_finished_good_id'), ['finished_good_id'], unique=False)

    op.create_table('lots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('ingredient_id', sa.Integer(), nullable=False),
    sa.Column('packages', sa.BigInteger(), nullable=False),
    sa.Column('price_per_package', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('remaining', sa.BigInteger(), nullable=False),
    sa.Column('unit', sa.String(length=32), nullable=False),
    sa.Column('unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('purchased_on', sa.Date(), nullable=False),
    sa.Column('supplier', sa.String(length=200), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('remaining <= quantity', name=op.f('ck_lots_remaining_within_quantity')),
    sa.CheckConstraint('remaining >= 0', name=op.f('ck_lots_remaining_not_negative')),
    sa.ForeignKeyConstraint(['ingredient_id'], ['ingredients.id'], name=op.f('fk_lots_ingredient_id_ingredients')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_lots_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lots')),
    sa.UniqueConstraint('uuid', name=op.f('uq_lots_uuid'))
    )
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.create_index('ix_lots_fifo', ['ingredient_id', 'purchased_on', 'id'], unique=False, sqlite_where=sa.text('remaining > 0'), postgresql_where=sa.text('remaining > 0'))
        batch_op.create_index('ix_lots_product_purchases', ['product_id', 'purchased_on', 'id'], unique=False)

    op.create_table('production_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('recipe_id', sa.Integer(), nullable=False),
    sa.Column('finished_unit_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('batches', sa.Integer(), nullable=False),
    sa.Column('scale', sa.BigInteger(), nullable=False),
    sa.Column('expected_yield', sa.Integer(), nullable=False),
    sa.Column('actual_yield', sa.Integer(), nullable=False),
    sa.Column('loss_quantity', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('loss_category', sa.String(length=40), nullable=True),
    sa.Column('loss_notes', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('total_ingredient_cost', sa.BigInteger(), nullable=False),
    sa.Column('per_unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('loss_cost', sa.BigInteger(), nullable=False),
    sa.Column('recipe_snapshot', sa.Text(), nullable=False),
    sa.Column('produced_at', sa.DateTime(), nullable=False),
    sa.Column('reversed', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('reversed_at', sa.DateTime(), nullable=True),
    sa.Column('reversal_reason', sa.Text(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=200), nullable=True),
    sa.Column('request_fingerprint', sa.String(length=64), nullable=True),
    sa.CheckConstraint('actual_yield >= 0 AND actual_yield <= expected_yield', name=op.f('ck_production_runs_yield_range')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_production_runs_event_id_events')),
    sa.ForeignKeyConstraint(['finished_unit_id'], ['finished_units.id'], name=op.f('fk_production_runs_finished_unit_id_finished_units')),
    sa.ForeignKeyConstraint(['recipe_id'], ['recipes.id'], name=op.f('fk_production_runs_recipe_id_recipes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_production_runs')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_production_runs_idempotency_key')),
    sa.UniqueConstraint('uuid', name=op.f('uq_production_runs_uuid'))
    )
    with op.batch_alter_table('production_runs', schema=None) as batch_op:
        batch_op.create_index('ix_production_runs_event', ['event_id', 'recipe_id'], unique=False)
        batch_op.create_index('ix_production_runs_history', ['produced_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_production_runs_recipe_id'), ['recipe_id'], unique=False)

    op.create_table('finished_lots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('finished_unit_id', sa.Integer(), nullable=True),
    sa.Column('finished_good_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('remaining', sa.Integer(), nullable=False),
    sa.Column('unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('production_run_id', sa.Integer(), nullable=True),
    sa.Column('assembly_run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('remaining <= quantity', name=op.f('ck_finished_lots_remaining_within_quantity')),
    sa.CheckConstraint('remaining >= 0', name=op.f('ck_finished_lots_remaining_not_negative')),
    sa.ForeignKeyConstraint(['assembly_run_id'], ['assembly_runs.id'], name=op.f('fk_finished_lots_assembly_run_id_assembly_runs')),
    sa.ForeignKeyConstraint(['finished_good_id'], ['finished_goods.id'], name=op.f('fk_finished_lots_finished_good_id_finished_goods')),
    sa.ForeignKeyConstraint(['finished_unit_id'], ['finished_units.id'], name=op.f('fk_finished_lots_finished_unit_id_finished_units')),
    sa.ForeignKeyConstraint(['production_run_id'], ['production_runs.id'], name=op.f('fk_finished_lots_production_run_id_production_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finished_lots')),
    sa.UniqueConstraint('uuid', name=op.f('uq_finished_lots_uuid'))
    )
    with op.batch_alter_table('finished_lots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finished_lots_assembly_run_id'), ['assembly_run_id'], unique=False)
        batch_op.create_index('ix_finished_lots_fifo_good', ['finished_good_id', 'id'], unique=False, sqlite_where=sa.text('remaining > 0'), postgresql_where=sa.text('remaining > 0'))
        batch_op.create_index('ix_finished_lots_fifo_unit', ['finished_unit_id', 'id'], unique=False, sqlite_where=sa.text('remaining > 0'), postgresql_where=sa.text('remaining > 0'))
        batch_op.create_index(batch_op.f('ix_finished_lots_production_run_id'), ['production_run_id'], unique=False)

    op.create_table('lot_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('cost', sa.BigInteger(), nullable=False),
    sa.Column('production_run_id', sa.Integer(), nullable=True),
    sa.Column('assembly_run_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=40), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_lot_movements_positive_quantity')),
    sa.ForeignKeyConstraint(['assembly_run_id'], ['assembly_runs.id'], name=op.f('fk_lot_movements_assembly_run_id_assembly_runs')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_lot_movements_lot_id_lots')),
    sa.ForeignKeyConstraint(['production_run_id'], ['production_runs.id'], name=op.f('fk_lot_movements_production_run_id_production_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lot_movements'))
    )
    with op.batch_alter_table('lot_movements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lot_movements_assembly_run_id'), ['assembly_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lot_movements_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lot_movements_production_run_id'), ['production_run_id'], unique=False)

    op.create_table('finished_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finished_lot_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('cost', sa.BigInteger(), nullable=False),
    sa.Column('assembly_run_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_finished_movements_positive_quantity')),
    sa.ForeignKeyConstraint(['assembly_run_id'], ['assembly_runs.id'], name=op.f('fk_finished_movements_assembly_run_id_assembly_runs')),
    sa.ForeignKeyConstraint(['finished_lot_id'], ['finished_lots.id'], name=op.f('fk_finished_movements_finished_lot_id_finished_lots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finished_movements'))
    )
    with op.batch_alter_table('finished_movements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finished_movements_assembly_run_id'), ['assembly_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finished_movements_finished_lot_id'), ['finished_lot_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('finished_movements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finished_movements_finished_lot_id'))
        batch_op.drop_index(batch_op.f('ix_finished_movements_assembly_run_id'))

    op.drop_table('finished_movements')
    with op.batch_alter_table('lot_movements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lot_movements_production_run_id'))
        batch_op.drop_index(batch_op.f('ix_lot_movements_lot_id'))
        batch_op.drop_index(batch_op.f('ix_lot_movements_assembly_run_id'))

    op.drop_table('lot_movements')
    with op.batch_alter_table('finished_lots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finished_lots_production_run_id'))
        batch_op.drop_index('ix_finished_lots_fifo_unit', sqlite_where=sa.text('remaining > 0'), postgresql_where=sa.text('remaining > 0'))
        batch_op.drop_index('ix_finished_lots_fifo_good', sqlite_where=sa.text('remaining > 0'), postgresql_where=sa.text('remaining > 0'))
        batch_op.drop_index(batch_op.f('ix_finished_lots_assembly_run_id'))

    op.drop_table('finished_lots')
    with op.batch_alter_table('production_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_production_runs_recipe_id'))
        batch_op.drop_index('ix_production_runs_history')
        batch_op.drop_index('ix_production_runs_event')

    op.drop_table('production_runs')
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.drop_index('ix_lots_product_purchases')
        batch_op.drop_index('ix_lots_fifo', sqlite_where=sa.text('remaining > 0'), postgresql_where=sa.text('remaining > 0'))

    op.drop_table('lots')
    with op.batch_alter_table('finished_good_components', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finished_good_components_finished_good_id'))

    op.drop_table('finished_good_components')
    with op.batch_alter_table('recipe_ingredients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recipe_ingredients_recipe_id'))

    op.drop_table('recipe_ingredients')
    with op.batch_alter_table('recipe_components', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recipe_components_recipe_id'))

    op.drop_table('recipe_components')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_products_ingredient_id'))

    op.drop_table('products')
    with op.batch_alter_table('production_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_production_targets_event_id'))

    op.drop_table('production_targets')
    with op.batch_alter_table('package_contents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_package_contents_package_id'))

    op.drop_table('package_contents')
    with op.batch_alter_table('finished_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finished_units_recipe_id'))

    op.drop_table('finished_units')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_event_id'))

    op.drop_table('assignments')
    with op.batch_alter_table('assembly_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assembly_targets_event_id'))

    op.drop_table('assembly_targets')
    with op.batch_alter_table('assembly_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_assembly_runs_history')
        batch_op.drop_index(batch_op.f('ix_assembly_runs_finished_good_id'))
        batch_op.drop_index('ix_assembly_runs_event')

    op.drop_table('assembly_runs')
    op.drop_table('recipients')
    op.drop_table('recipes')
    op.drop_table('packages')
    op.drop_table('ingredients')
    op.drop_table('finished_goods')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_year'))
        batch_op.drop_index(batch_op.f('ix_events_event_date'))

    op.drop_table('events')
