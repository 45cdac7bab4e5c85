<?php
/**
 * Settings → Listen pronunciations: the site's lexicon, words and how to say them, sent with
 * every post as part of its lexicon (a post's own entries win). Saved through the Settings API
 * (options.php checks the nonce and manage_options).
 *
 * @package TTS_Service
 */

defined( 'ABSPATH' ) || exit;

const TTS_SERVICE_SITE_LEXICON = 'tts_service_site_lexicon';
const TTS_SERVICE_LEXICON_MAX  = 200; // The service's limit on each side of an entry.

/**
 * The lexicon as a form sent it: one "word = say it so" a line, each side cleaned and cut to
 * the service's limit; lines without both sides are dropped.
 *
 * @param mixed $input The submitted text.
 * @return string
 */
function tts_service_sanitize_lexicon( $input ) {
	$kept = array();
	foreach ( preg_split( '/\r?\n/', is_string( $input ) ? $input : '' ) as $line ) {
		$parts = explode( '=', $line, 2 );
		if ( 2 !== count( $parts ) ) {
			continue;
		}
		$word = mb_substr( sanitize_text_field( $parts[0] ), 0, TTS_SERVICE_LEXICON_MAX );
		$said = mb_substr( sanitize_text_field( $parts[1] ), 0, TTS_SERVICE_LEXICON_MAX );
		if ( '' !== $word && '' !== $said ) {
			$kept[] = $word . ' = ' . $said;
		}
	}
	return implode( "\n", $kept );
}

add_action(
	'admin_init',
	function () {
		register_setting(
			'tts_service_lexicon',
			TTS_SERVICE_SITE_LEXICON,
			array(
				'type'              => 'string',
				'sanitize_callback' => 'tts_service_sanitize_lexicon',
				'show_in_rest'      => false,
				'default'           => '',
			)
		);
	}
);

add_action(
	'admin_menu',
	function () {
		add_options_page(
			__( 'Listen: pronunciations', 'tts-service' ),
			__( 'Listen pronunciations', 'tts-service' ),
			'manage_options',
			'tts-service-lexicon',
			'tts_service_lexicon_page'
		);
	}
);

/**
 * The site lexicon page: the entries in a text area, and a table of what they say.
 */
function tts_service_lexicon_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'Sorry, you are not allowed to change these settings.', 'tts-service' ), 403 );
	}
	$lexicon = (string) get_option( TTS_SERVICE_SITE_LEXICON, '' );
	$entries = tts_service_lexicon_entries( $lexicon );
	?>
	<div class="wrap">
		<h1><?php esc_html_e( 'Listen: pronunciations', 'tts-service' ); ?></h1>
		<p><?php esc_html_e( 'How the voice says words on every post of the site: one "word = say it so" a line, such as "Nguyen = win". A post\'s own pronunciations win over these. They apply to posts sent from now on (publish or update a post to send it again).', 'tts-service' ); ?></p>
		<form method="post" action="options.php">
			<?php settings_fields( 'tts_service_lexicon' ); ?>
			<textarea class="large-text code" rows="12" id="tts-site-lexicon" name="<?php echo esc_attr( TTS_SERVICE_SITE_LEXICON ); ?>"><?php echo esc_textarea( $lexicon ); ?></textarea>
			<?php submit_button(); ?>
		</form>
		<?php if ( $entries ) : ?>
			<table class="widefat striped tts-service-lexicon">
				<thead><tr><th><?php esc_html_e( 'Word', 'tts-service' ); ?></th><th><?php esc_html_e( 'Said as', 'tts-service' ); ?></th></tr></thead>
				<tbody>
				<?php foreach ( $entries as $word => $said ) : ?>
					<tr><td><?php echo esc_html( (string) $word ); ?></td><td><?php echo esc_html( $said ); ?></td></tr>
				<?php endforeach; ?>
				</tbody>
			</table>
		<?php endif; ?>
	</div>
	<?php
}

/**
 * Lexicon lines ("word = say it so") as entries; later lines win.
 *
 * @param string $lines The lines.
 * @return array<string, string>
 */
function tts_service_lexicon_entries( $lines ) {
	$entries = array();
	foreach ( preg_split( '/\r?\n/', $lines ) as $line ) {
		$parts = explode( '=', $line, 2 );
		if ( 2 === count( $parts ) && '' !== trim( $parts[0] ) && '' !== trim( $parts[1] ) ) {
			$entries[ trim( $parts[0] ) ] = trim( $parts[1] );
		}
	}
	return $entries;
}
