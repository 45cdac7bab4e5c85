<?php
/**
 * The service's API, called from the server with the publisher key (never from a browser).
 *
 * @package TTS_Service
 */

defined( 'ABSPATH' ) || exit;

/**
 * Call the service. The answer's JSON body and status, or a WP_Error saying what went wrong.
 *
 * @param string     $method  GET, POST, PUT or DELETE.
 * @param string     $path    The path under the service's URL (/api/articles).
 * @param array|null $body    The JSON body, if any.
 * @param int        $timeout Seconds to wait for the answer.
 * @return array{code: int, body: array}|WP_Error
 */
function tts_service_call( $method, $path, $body = null, $timeout = 30 ) {
	$settings = tts_service_settings();
	if ( '' === $settings['url'] ) {
		return new WP_Error( 'tts_service_no_url', __( 'No service URL is set (Settings → Listen).', 'tts-service' ) );
	}
	$headers = array( 'Accept' => 'application/json' );
	if ( '' !== $settings['key'] ) {
		$headers['Authorization'] = 'Bearer ' . $settings['key'];
	}
	$args = array(
		'method'  => $method,
		'headers' => $headers,
		'timeout' => $timeout,
	);
	if ( null !== $body ) {
		$args['headers']['Content-Type'] = 'application/json';
		$args['body']                    = wp_json_encode( $body );
	}
	$response = wp_remote_request( $settings['url'] . $path, $args );
	if ( is_wp_error( $response ) ) {
		return $response;
	}
	$code    = (int) wp_remote_retrieve_response_code( $response );
	$decoded = json_decode( wp_remote_retrieve_body( $response ), true );
	$decoded = is_array( $decoded ) ? $decoded : array();
	if ( $code >= 400 ) {
		$message = isset( $decoded['error'] ) ? (string) $decoded['error'] : sprintf( 'HTTP %d', $code );
		if ( isset( $decoded['detail'] ) ) {
			$message .= ': ' . (string) $decoded['detail'];
		}
		return new WP_Error( 'tts_service_http_' . $code, $message, array( 'status' => $code ) );
	}
	return array(
		'code' => $code,
		'body' => $decoded,
	);
}
