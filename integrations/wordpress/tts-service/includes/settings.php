<?php
/**
 * Settings → Listen: the service's address, the publisher key (kept server-side), voice, post
 * types, player position, auto-generate, feed. Saved through the Settings API (options.php checks
 * the nonce and manage_options).
 *
 * @package TTS_Service
 */

defined( 'ABSPATH' ) || exit;

const TTS_SERVICE_OPTION = 'tts_service_settings';

/**
 * The settings with their defaults. The key is among them: callers on the server only.
 *
 * @return array<string, mixed>
 */
function tts_service_settings() {
	$defaults = array(
		'url'        => '',
		'key'        => '',
		'voice'      => '',
		'post_types' => array( 'post' ),
		'position'   => 'above',
		'auto'       => true,
		'feed'       => false,
		'captions'   => '',
		'faq'        => '',
	);
	$saved    = get_option( TTS_SERVICE_OPTION, array() );
	return array_merge( $defaults, is_array( $saved ) ? $saved : array() );
}

/**
 * One setting.
 *
 * @param string $name The setting's name.
 * @return mixed
 */
function tts_service_setting( $name ) {
	$settings = tts_service_settings();
	return $settings[ $name ] ?? null;
}

/**
 * The settings as a form sent them, checked. An empty key field keeps the saved key.
 *
 * @param mixed $input The submitted values.
 * @return array<string, mixed>
 */
function tts_service_sanitize_settings( $input ) {
	$old   = tts_service_settings();
	$input = is_array( $input ) ? $input : array();
	$url   = isset( $input['url'] ) ? esc_url_raw( trim( (string) $input['url'] ), array( 'http', 'https' ) ) : '';
	$key   = isset( $input['key'] ) ? trim( (string) $input['key'] ) : '';
	$types = isset( $input['post_types'] ) && is_array( $input['post_types'] ) ? $input['post_types'] : array();
	$known = get_post_types( array( 'public' => true ) );
	return array(
		'url'        => untrailingslashit( $url ),
		'key'        => '' === $key ? $old['key'] : sanitize_text_field( $key ),
		'voice'      => isset( $input['voice'] ) ? sanitize_text_field( (string) $input['voice'] ) : '',
		'post_types' => array_values( array_intersect( array_map( 'sanitize_key', $types ), $known ) ),
		'position'   => isset( $input['position'] ) && 'below' === $input['position'] ? 'below' : 'above',
		'auto'       => ! empty( $input['auto'] ),
		'feed'       => ! empty( $input['feed'] ),
		'captions'   => tts_service_sanitize_choice( $input['captions'] ?? '' ),
		'faq'        => tts_service_sanitize_choice( $input['faq'] ?? '' ),
	);
}

/**
 * A reading choice: '1' read, '0' skip, '' the service's own setting.
 *
 * @param mixed $value The submitted value.
 * @return string
 */
function tts_service_sanitize_choice( $value ) {
	return in_array( $value, array( '0', '1' ), true ) ? $value : '';
}

/**
 * A select of a reading choice (the service's setting, read, skip).
 *
 * @param string $field The setting's name (captions, faq).
 * @param string $value Its saved value.
 */
function tts_service_choice_select( $field, $value ) {
	$choices = array(
		''  => __( 'As the service is set', 'tts-service' ),
		'1' => __( 'Read them', 'tts-service' ),
		'0' => __( 'Skip them', 'tts-service' ),
	);
	echo '<select id="' . esc_attr( 'tts-' . $field ) . '" name="' . esc_attr( TTS_SERVICE_OPTION . '[' . $field . ']' ) . '">';
	foreach ( $choices as $choice => $label ) {
		echo '<option value="' . esc_attr( (string) $choice ) . '" ' . selected( (string) $value, (string) $choice, false ) . '>' . esc_html( $label ) . '</option>';
	}
	echo '</select>';
}

add_action(
	'admin_init',
	function () {
		register_setting(
			'tts_service',
			TTS_SERVICE_OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => 'tts_service_sanitize_settings',
				'show_in_rest'      => false,
			)
		);
	}
);

add_action(
	'admin_menu',
	function () {
		add_options_page(
			__( 'Listen', 'tts-service' ),
			__( 'Listen', 'tts-service' ),
			'manage_options',
			'tts-service',
			'tts_service_settings_page'
		);
	}
);

/**
 * The settings page. The key field is never filled in: the page says whether one is saved.
 */
function tts_service_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'Sorry, you are not allowed to change these settings.', 'tts-service' ), 403 );
	}
	$s     = tts_service_settings();
	$name  = TTS_SERVICE_OPTION;
	$types = get_post_types( array( 'public' => true ), 'objects' );
	?>
	<div class="wrap">
		<h1><?php esc_html_e( 'Listen', 'tts-service' ); ?></h1>
		<form method="post" action="options.php">
			<?php settings_fields( 'tts_service' ); ?>
			<table class="form-table" role="presentation">
				<tr><th scope="row"><label for="tts-url"><?php esc_html_e( 'Service URL', 'tts-service' ); ?></label></th>
					<td><input type="url" class="regular-text" id="tts-url" name="<?php echo esc_attr( $name ); ?>[url]" value="<?php echo esc_attr( $s['url'] ); ?>" placeholder="https://tts.example"></td></tr>
				<tr><th scope="row"><label for="tts-key"><?php esc_html_e( 'Publisher key', 'tts-service' ); ?></label></th>
					<td><input type="password" class="regular-text" id="tts-key" name="<?php echo esc_attr( $name ); ?>[key]" value="" autocomplete="off">
					<p class="description"><?php echo '' === $s['key'] ? esc_html__( 'No key saved.', 'tts-service' ) : esc_html__( 'A key is saved; it is never shown. Leave this empty to keep it.', 'tts-service' ); ?></p></td></tr>
				<tr><th scope="row"><label for="tts-voice"><?php esc_html_e( 'Voice', 'tts-service' ); ?></label></th>
					<td><input type="text" class="regular-text" id="tts-voice" name="<?php echo esc_attr( $name ); ?>[voice]" value="<?php echo esc_attr( $s['voice'] ); ?>" placeholder="<?php esc_attr_e( 'the service default', 'tts-service' ); ?>"></td></tr>
				<tr><th scope="row"><?php esc_html_e( 'Post types', 'tts-service' ); ?></th>
					<td>
					<?php foreach ( $types as $type ) : ?>
						<label><input type="checkbox" name="<?php echo esc_attr( $name ); ?>[post_types][]" value="<?php echo esc_attr( $type->name ); ?>" <?php checked( in_array( $type->name, (array) $s['post_types'], true ) ); ?>> <?php echo esc_html( $type->labels->name ); ?></label><br>
					<?php endforeach; ?>
					</td></tr>
				<tr><th scope="row"><label for="tts-position"><?php esc_html_e( 'Player position', 'tts-service' ); ?></label></th>
					<td><select id="tts-position" name="<?php echo esc_attr( $name ); ?>[position]">
						<option value="above" <?php selected( $s['position'], 'above' ); ?>><?php esc_html_e( 'Above the content', 'tts-service' ); ?></option>
						<option value="below" <?php selected( $s['position'], 'below' ); ?>><?php esc_html_e( 'Below the content', 'tts-service' ); ?></option>
					</select></td></tr>
				<tr><th scope="row"><?php esc_html_e( 'On publish', 'tts-service' ); ?></th>
					<td><label><input type="checkbox" name="<?php echo esc_attr( $name ); ?>[auto]" value="1" <?php checked( $s['auto'] ); ?>> <?php esc_html_e( 'Make the audio when a post is published or updated', 'tts-service' ); ?></label><br>
					<label><input type="checkbox" name="<?php echo esc_attr( $name ); ?>[feed]" value="1" <?php checked( $s['feed'] ); ?>> <?php esc_html_e( 'Put posts in the podcast feed', 'tts-service' ); ?></label></td></tr>
				<tr><th scope="row"><label for="tts-captions"><?php esc_html_e( 'Figure captions', 'tts-service' ); ?></label></th>
					<td><?php tts_service_choice_select( 'captions', (string) $s['captions'] ); ?></td></tr>
				<tr><th scope="row"><label for="tts-faq"><?php esc_html_e( 'FAQ blocks', 'tts-service' ); ?></label></th>
					<td><?php tts_service_choice_select( 'faq', (string) $s['faq'] ); ?></td></tr>
			</table>
			<?php submit_button(); ?>
		</form>
	</div>
	<?php
}
